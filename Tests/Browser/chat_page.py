"""Drives the web chat page in headless Chromium: register, chat, upload a resume, a second tab of the same user
(history on connect, each tab sees the other's turns), start a mock interview.

Usage: chat_page.py BASE_URL RESUME_FILE. Exits 0 when every step shows the expected result, 1 with the
reason otherwise. Run by Tests/EndToEndTests/BrowserEndToEndTests.swift against a real `jobhunter serve`.
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main(base_url: str, resume_path: str) -> int:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 20)

    def texts(selector):
        return [node.text for node in driver.find_elements(By.CSS_SELECTOR, selector)]

    def wait_for(selector, needle, step):
        try:
            wait.until(lambda _: any(needle in text for text in texts(selector)))
        except Exception:
            raise AssertionError(f"{step}: no {selector} containing {needle!r}; log was {texts('#log > div')}")

    try:
        driver.get(base_url + "/")
        driver.find_element(By.ID, "username").send_keys("browser-user")
        driver.find_element(By.ID, "password").send_keys("a long enough password")
        driver.find_element(By.ID, "register").click()
        try:
            wait.until(lambda d: d.find_element(By.ID, "chat").is_displayed())
        except Exception:
            raise AssertionError("register and log in: chat never appeared; error: "
                                 + driver.find_element(By.ID, "auth-error").text)

        # Chromium offers permessage-deflate; the chat endpoint accepts it without context takeover.
        extensions = driver.execute_script("return document.documentElement.dataset.wsExtensions || ''")
        assert extensions.startswith("permessage-deflate") and "server_no_context_takeover" in extensions, \
            f"compression not negotiated: {extensions!r}"

        box = driver.find_element(By.ID, "input")
        box.send_keys("add Rust and Go to my skills")
        driver.find_element(By.ID, "send").click()
        wait_for(".assistant", "added skills: Rust, Go", "chat")
        wait_for(".tool", "update_profile", "tool call shown")

        driver.find_element(By.ID, "resume").send_keys(resume_path)
        wait_for(".notice", "Saved your resume", "resume upload")

        # A tailored resume is offered as a download link that fetches with the token (no server path shown).
        box.send_keys("find software developer jobs")
        driver.find_element(By.ID, "send").click()
        wait_for(".assistant", "Here's what I found", "job search")
        box.send_keys("tailor my resume to the first one")
        driver.find_element(By.ID, "send").click()
        wait_for(".download", "Download resume-", "export download button")
        status = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const name = document.querySelector('.download').textContent.replace('Download ', '');"
            "fetch('/exports/' + name, {headers: {authorization: 'Bearer ' + sessionStorage.getItem('jobhunter.token')}})"
            ".then(r => r.text().then(t => done(r.status + ' ' + t.length))).catch(e => done('failed ' + e));")
        assert status.startswith("200 ") and int(status.split()[1]) > 0, f"export download: {status}"
        assert not any("/exports/u" in text or "/tmp/" in text for text in texts(".assistant")), "a server path was shown"

        # A second tab of the same user: it loads the conversation so far, and each tab shows the other's turns.
        first = driver.current_window_handle
        driver.switch_to.new_window("tab")
        driver.get(base_url + "/")
        driver.find_element(By.ID, "username").send_keys("browser-user")
        driver.find_element(By.ID, "password").send_keys("a long enough password")
        driver.find_element(By.ID, "login").click()
        wait_for(".user", "add Rust and Go to my skills", "history in a second tab")
        driver.find_element(By.ID, "input").send_keys("show my profile")
        driver.find_element(By.ID, "send").click()
        wait_for(".assistant", "Skills: Rust, Go", "chat in the second tab")
        driver.switch_to.window(first)
        wait_for(".user", "show my profile  (from another session)", "the first tab shows the second tab's message")
        wait_for(".assistant", "Skills: Rust, Go", "the first tab shows the second tab's answer")

        driver.find_element(By.ID, "interview").click()
        wait_for(".tool", "start_mock_interview", "mock interview")
        wait.until(lambda d: not d.find_element(By.ID, "cancel").is_enabled())
        assert not texts(".error"), f"errors shown: {texts('.error')}"
        print("ok")
        return 0
    except AssertionError as failure:
        print(failure)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

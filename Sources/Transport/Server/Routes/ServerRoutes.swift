/// Every route `serve` answers, registered once when the server is made.
extension HTTPServer {
    func makeApplication() -> HTTPApplication {
        var router = HTTPRouter()
        addPageRoutes(to: &router)
        addAccountRoutes(to: &router)
        addWebSocketRoutes(to: &router)
        addExportRoutes(to: &router)
        addRESTMirrorRoutes(to: &router)
        return HTTPApplication(
            router: router, verifier: TokenVerifier(signer: signer, auth: auth, clock: clock), metrics: metrics,
            corsOrigins: configuration.corsOrigins)
    }
}

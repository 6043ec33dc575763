#include <zlib.h>

// zlib's inflateInit2 and deflateInit2 are macros; Swift cannot call macros.
static inline int czlib_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

static inline int czlib_deflate_init_raw(z_stream *stream) {
    return deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

// Raw deflate with a chosen window (9...15), memory level (1...9) and strategy, for WebSocket permessage-deflate.
static inline int czlib_deflate_init_window(z_stream *stream, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -windowBits, memLevel, strategy);
}

static inline int czlib_inflate_init_window(z_stream *stream, int windowBits) {
    return inflateInit2(stream, -windowBits);
}

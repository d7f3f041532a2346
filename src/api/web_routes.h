#pragma once

// The chat page of web/ at GET / (with its assets at /<file name>) and the browser build of
// socket.io-client it loads, at /vendor/socket.io.min.js (everything under /socket.io/ is
// the gateway's). All of them are compiled into the binary. The page may load only what the
// server itself serves: its Content-Security-Policy says so.

#include <span>
#include <string_view>

#include "core/embedded_file.h"
#include "http/router.h"

namespace confide::api {

// The files of web/ and the vendored scripts, generated at build time by
// confide_embed_files (src/CMakeLists.txt).
std::span<const core::EmbeddedFile> WebPageFiles();
std::span<const core::EmbeddedFile> VendorScriptFiles();

// The Content-Security-Policy sent with the page: nothing from elsewhere, no inline script
// or style, no framing; sockets only to this server.
inline constexpr std::string_view kWebPagePolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: https:; "
    "style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

void AddWebRoutes(http::Router& router);

}  // namespace confide::api

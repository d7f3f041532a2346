#pragma once

// Files served as they are from memory (the web page's assets, compiled into the binary).
// Each answer carries the file's content type, `Cache-Control: no-cache` (a browser keeps
// the file but asks again each time, since the files change with the binary), a strong ETag
// computed once when the route is added, and `X-Content-Type-Options: nosniff`; a request
// whose If-None-Match names the ETag answers 304 without the body. Some files carry more
// headers (a page's Content-Security-Policy).
//
// Thread-safety: AddStaticFiles runs at start-up, before the router is shared; the handlers
// it registers only read what they captured and are safe from any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/router.h"

namespace confide::http {

struct StaticFile {
  std::string path;           // the URL path it is served at: "/", "/app.js"
  std::string_view contents;  // must outlive the router (the binary's own data)
  std::string content_type;
  // (name, value) pairs sent besides the usual headers.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Registers a GET route (HEAD comes with it) for every file.
void AddStaticFiles(Router& router, const std::vector<StaticFile>& files);

// The Content-Type for a file name, from its extension ("text/javascript; charset=utf-8"
// for "app.js"); application/octet-stream when it is not known.
std::string_view ContentTypeFor(std::string_view file_name);

// A strong entity tag for `contents`: a quoted hex prefix of its SHA-256.
std::string EntityTagFor(std::string_view contents);

// True when an If-None-Match value ("*", or a list of tags, weak or strong) names `etag`.
// If-None-Match compares weakly: W/"x" matches "x".
bool IfNoneMatchNames(std::string_view if_none_match, std::string_view etag);

}  // namespace confide::http

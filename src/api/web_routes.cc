#include "api/web_routes.h"

#include <string>
#include <vector>

#include "http/static_files.h"

namespace confide::api {
namespace {

// Headers every HTML file of the page carries; no referrer leaves the page either.
std::vector<std::pair<std::string, std::string>> PageHeaders() {
  return {{"Content-Security-Policy", std::string(kWebPagePolicy)},
          {"Referrer-Policy", "no-referrer"}};
}

// Appended rather than `folder + name`: GCC 12 at -O3 misreads that operator+ as an
// overlapping memcpy (-Wrestrict, GCC bug 105329).
std::string UrlPath(std::string_view folder, std::string_view name) {
  std::string path;
  path.reserve(folder.size() + name.size());
  path.append(folder).append(name);
  return path;
}

http::StaticFile Served(std::string path, const core::EmbeddedFile& file) {
  http::StaticFile served{.path = std::move(path),
                          .contents = file.contents,
                          .content_type = std::string(http::ContentTypeFor(file.name))};
  if (file.name.ends_with(".html")) served.headers = PageHeaders();
  return served;
}

}  // namespace

void AddWebRoutes(http::Router& router) {
  std::vector<http::StaticFile> files;
  for (const auto& file : WebPageFiles()) {
    if (file.name == "index.html") files.push_back(Served("/", file));
    files.push_back(Served(UrlPath("/", file.name), file));
  }
  for (const auto& file : VendorScriptFiles()) {
    files.push_back(Served(UrlPath("/vendor/", file.name), file));
  }
  http::AddStaticFiles(router, files);
}

}  // namespace confide::api

#include "http/static_files.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace confide::http {
namespace {

constexpr std::string_view kCacheControl = "no-cache";

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

constexpr ContentType kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

// One file, ready to answer: the full 200 response is built once and copied per request.
struct PreparedFile {
  std::string etag;
  Response full;
  Response not_modified;
};

std::shared_ptr<const PreparedFile> Prepare(const StaticFile& file) {
  auto prepared = std::make_shared<PreparedFile>();
  prepared->etag = EntityTagFor(file.contents);
  auto common = [&](Response& r) {
    r.set(Field::etag, prepared->etag);
    r.set(Field::cache_control, kCacheControl);
    r.set("X-Content-Type-Options", "nosniff");
  };
  prepared->full = Response{HttpStatus::ok, 11};
  prepared->full.set(Field::content_type, file.content_type);
  common(prepared->full);
  for (const auto& [name, value] : file.headers) prepared->full.set(name, value);
  prepared->full.body() = std::string(file.contents);
  prepared->not_modified = Response{HttpStatus::not_modified, 11};
  common(prepared->not_modified);
  return prepared;
}

void Serve(const PreparedFile& file, const ExchangePtr& ex) {
  const auto it = ex->request().find(Field::if_none_match);
  if (it != ex->request().end() && IfNoneMatchNames(it->value(), file.etag)) {
    return ex->Respond(file.not_modified);
  }
  ex->Respond(file.full);
}

std::string_view Trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

}  // namespace

void AddStaticFiles(Router& router, const std::vector<StaticFile>& files) {
  for (const auto& file : files) {
    auto prepared = Prepare(file);
    router.Add(Verb::get, file.path,
               [prepared = std::move(prepared)](ExchangePtr ex) { Serve(*prepared, ex); });
  }
}

std::string_view ContentTypeFor(std::string_view file_name) {
  for (const auto& [extension, type] : kContentTypes) {
    if (file_name.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

std::string EntityTagFor(std::string_view contents) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(contents.data(), contents.size(), digest.data(), &size, EVP_sha256(), nullptr) !=
      1) {
    throw std::runtime_error("SHA-256 failed");
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned int i = 0; i < 16 && i < size; ++i) {  // 128 bits tell files apart
    tag.push_back(kHex[digest[i] >> 4]);
    tag.push_back(kHex[digest[i] & 0x0f]);
  }
  tag.push_back('"');
  return tag;
}

bool IfNoneMatchNames(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    std::string_view tag = Trimmed(if_none_match.substr(0, comma));
    if_none_match =
        comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace confide::http

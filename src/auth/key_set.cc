#include "auth/key_set.h"

#include <boost/json/parse.hpp>
#include <system_error>

namespace confide::auth {
namespace {

const boost::json::string* StringMember(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  return value ? value->if_string() : nullptr;
}

// True when a member, if present, holds `expected`.
bool AbsentOrEquals(const boost::json::object& jwk, std::string_view name,
                    std::string_view expected) {
  if (!jwk.contains(name)) return true;
  const boost::json::string* value = StringMember(jwk, name);
  return value && *value == expected;
}

bool IsRs256SigningKey(const boost::json::object& jwk) {
  const boost::json::string* kty = StringMember(jwk, "kty");
  return kty && *kty == "RSA" && AbsentOrEquals(jwk, "use", "sig") &&
         AbsentOrEquals(jwk, "alg", "RS256");
}

}  // namespace

Result<KeySet> KeySet::ParseJwks(std::string_view json) {
  std::error_code ec;
  const boost::json::value document = boost::json::parse(json, ec);
  const boost::json::object* root = ec ? nullptr : document.if_object();
  const boost::json::value* keys = root ? root->if_contains("keys") : nullptr;
  if (!keys || !keys->is_array())
    return Error::BadRequest("not a JWKS document (no \"keys\" array)");

  KeySet set;
  for (const boost::json::value& item : keys->get_array()) {
    const boost::json::object* jwk = item.if_object();
    if (!jwk || !IsRs256SigningKey(*jwk)) continue;
    const boost::json::string* n = StringMember(*jwk, "n");
    const boost::json::string* e = StringMember(*jwk, "e");
    if (!n || !e) continue;
    Result<RsaPublicKey> key = RsaPublicKey::FromJwk(*n, *e);
    if (!key.ok()) continue;  // one unusable key must not hide the others
    const boost::json::string* kid = StringMember(*jwk, "kid");
    set.keys_.push_back({kid ? std::optional<std::string>(*kid) : std::nullopt, std::move(*key)});
  }
  if (set.keys_.empty()) return Error::BadRequest("the JWKS holds no usable RS256 signing key");
  return set;
}

const RsaPublicKey* KeySet::Find(std::string_view kid) const {
  for (const Entry& entry : keys_) {
    if (entry.kid == kid) return &entry.key;
  }
  return nullptr;
}

const RsaPublicKey* KeySet::OnlyKey() const {
  return keys_.size() == 1 ? &keys_.front().key : nullptr;
}

}  // namespace confide::auth

#pragma once

// Owning handles for OpenSSL objects, so every key, context and buffer is freed by RAII on
// every path, including early error returns.
// Thread-safety: as for std::unique_ptr.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>
#include <string_view>

namespace confide::auth {

// Calls OpenSSL's free function `Free` on the pointer it is given.
template <auto Free>
struct OpenSslFree {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};

template <class T, auto Free>
using OpenSslHandle = std::unique_ptr<T, OpenSslFree<Free>>;

using PkeyHandle = OpenSslHandle<EVP_PKEY, &EVP_PKEY_free>;
using PkeyCtxHandle = OpenSslHandle<EVP_PKEY_CTX, &EVP_PKEY_CTX_free>;
using MdCtxHandle = OpenSslHandle<EVP_MD_CTX, &EVP_MD_CTX_free>;
using BioHandle = OpenSslHandle<BIO, &BIO_free_all>;
using X509Handle = OpenSslHandle<X509, &X509_free>;
using BignumHandle = OpenSslHandle<BIGNUM, &BN_free>;
using ParamBuildHandle = OpenSslHandle<OSSL_PARAM_BLD, &OSSL_PARAM_BLD_free>;
using ParamsHandle = OpenSslHandle<OSSL_PARAM, &OSSL_PARAM_free>;
using DecoderCtxHandle = OpenSslHandle<OSSL_DECODER_CTX, &OSSL_DECODER_CTX_free>;

// A read-only memory BIO over `text`, which must outlive the BIO.
inline BioHandle MemoryBio(std::string_view text) {
  return BioHandle(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace confide::auth

// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs OpenSSL): the TLS
// identity it serves, a self-signed one made at start or PEM files.
#pragma once

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

ACS_ROOMS_NAMESPACE_BEGIN

/// A certificate and its private key, both PEM.
struct tls_identity {
  std::string certificate_pem; ///< "-----BEGIN CERTIFICATE-----..."
  std::string private_key_pem; ///< "-----BEGIN PRIVATE KEY-----..." (PKCS#8)
};

namespace detail {
namespace emu {
/// Frees an OpenSSL object with its own free function.
template <class T, void (*Free)(T*)> struct openssl_deleter {
  /// Calls `Free`.
  void operator()(T* p) const noexcept { Free(p); }
};
/// An owned X509 certificate.
using x509_ptr = std::unique_ptr<X509, openssl_deleter<X509, X509_free>>;
/// An owned key.
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_deleter<EVP_PKEY, EVP_PKEY_free>>;
/// An owned BIO chain.
using bio_ptr = std::unique_ptr<BIO, openssl_deleter<BIO, BIO_free_all>>;

/// What a memory BIO holds.
inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

/// Adds the X509v3 extension `nid` = `value` (OpenSSL config syntax) to a self-signed `cert`.
inline bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) {
    return false;
  }
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}
} // namespace emu
} // namespace detail

/// A fresh self-signed certificate (ECDSA P-256, SHA-256, valid from an hour ago for
/// `days`) for the names in `subject_alt_names`, an OpenSSL list such as
/// "DNS:localhost,IP:127.0.0.1". It is its own CA (so a client can trust exactly it, e.g. via
/// REQUESTS_CA_BUNDLE) and serves TLS only (extended key usage serverAuth).
[[nodiscard]] inline result<tls_identity>
make_self_signed_identity(const std::string& subject_alt_names = "DNS:localhost,IP:127.0.0.1",
                          int days = 30) {
  const auto fail = [](const char* what) {
    return detail::make_error(errc::invalid_argument,
                              std::string("cannot make a self-signed certificate: ") + what);
  };
  detail::emu::pkey_ptr key(EVP_EC_gen("P-256"));
  detail::emu::x509_ptr cert(X509_new());
  if (!key || !cert) {
    return fail("OpenSSL could not make a key");
  }
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) {
    return fail("no random serial number");
  }
  serial[0] &= 0x7F; // positive
  BIGNUM* serial_bn = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_ok =
      serial_bn != nullptr &&
      BN_to_ASN1_INTEGER(serial_bn, X509_get_serialNumber(cert.get())) != nullptr;
  BN_free(serial_bn);
  X509_NAME* name = X509_get_subject_name(cert.get());
  const bool fields_ok =
      serial_ok && X509_set_version(cert.get(), 2) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * days) != nullptr &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>("acs-rooms-emulator"), -1,
                                 -1, 0) == 1 &&
      X509_set_issuer_name(cert.get(), name) == 1 && X509_set_pubkey(cert.get(), key.get()) == 1 &&
      detail::emu::add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
      detail::emu::add_extension(cert.get(), NID_key_usage,
                                 "critical,digitalSignature,keyCertSign") &&
      detail::emu::add_extension(cert.get(), NID_ext_key_usage, "serverAuth") &&
      detail::emu::add_extension(cert.get(), NID_subject_key_identifier, "hash") &&
      detail::emu::add_extension(cert.get(), NID_subject_alt_name, subject_alt_names.c_str()) &&
      X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!fields_ok) {
    return fail("OpenSSL refused a field (are the subject alternative names valid?)");
  }
  detail::emu::bio_ptr cert_bio(BIO_new(BIO_s_mem()));
  detail::emu::bio_ptr key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1) {
    return fail("cannot write PEM");
  }
  return tls_identity{detail::emu::bio_text(cert_bio.get()), detail::emu::bio_text(key_bio.get())};
}

ACS_ROOMS_NAMESPACE_END

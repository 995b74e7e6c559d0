// SPDX-License-Identifier: MIT
#include "multistage_secrets.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace stagecraft {
namespace {

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
        [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

std::vector<std::string_view> tokens(std::string_view s, std::string_view separators)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || separators.find(s[i]) != std::string_view::npos) {
            if (i > start)
                out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

bool isSecretFileName(std::string_view name, std::string_view destination)
{
    const std::string lowered = lower(name);
    const std::string_view n = lowered;
    if (n == ".env")
        return true;
    if (n.starts_with(".env.")) {
        const std::string_view suffix = n.substr(5);
        return !oneOf(suffix,
            {"example", "sample", "template", "dist", "defaults", "default", "schema", "tpl", "in", "local.example",
                "vault"});
    }
    if (oneOf(n,
            {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", ".git-credentials",
                ".dockercfg", "credentials.json", ".htpasswd"}))
        return true;
    const bool pem = endsWith(n, ".pem") || endsWith(n, ".crt") || endsWith(n, ".cer");
    const bool key = endsWith(n, ".key") || endsWith(n, ".p12") || endsWith(n, ".pfx");
    if (!pem && !key)
        return false;
    const std::vector<std::string_view> parts = tokens(n, "-_.");
    const bool publicish = std::any_of(parts.begin(), parts.end(), [](std::string_view t) {
        return oneOf(t,
            {"ca", "cacert", "cacerts", "cert", "certs", "certificate", "chain", "fullchain", "bundle", "root",
                "rootca", "trust", "truststore", "pub", "public", "intermediate", "gpg", "pgp", "asc", "release",
                "repo", "pubkey", "keyring", "archive", "signing"});
    });
    if (publicish)
        return false;
    // Certificates go into trust stores, repository signing keys into keyrings: public, not secret.
    for (std::string_view place : {"ca-certificates", "keyring", "trusted.gpg", "/etc/apt/", ".pub", ".asc", ".gpg"}) {
        if (destination.find(place) != std::string_view::npos)
            return false;
    }
    if (destination.starts_with("/etc/ssl") || destination.starts_with("/etc/pki"))
        return false;
    // A .crt/.cer is a certificate; only .pem/.key/.p12/.pfx may hold a private key.
    return key || endsWith(n, ".pem");
}

bool isSecretDirectoryName(std::string_view name)
{
    return oneOf(name, {".ssh", ".aws", ".gnupg", ".kube", ".docker"});
}

bool isSecretVariableName(std::string_view name)
{
    const std::string lowered = lower(name);
    const std::vector<std::string_view> parts = tokens(lowered, "_-");
    // Most names hold no secret word: look for one first, then for a word that rules it out.
    bool secretWord = false;
    for (size_t i = 0; i < parts.size() && !secretWord; ++i) {
        const std::string_view t = parts[i];
        secretWord = oneOf(t,
                         {"token", "secret", "secrets", "password", "passwd", "pword", "pass", "apikey", "credential",
                             "credentials", "auth", "authtoken", "privatekey", "pat"})
            || (t == "key" && i > 0
                && oneOf(parts[i - 1],
                    {"api", "private", "secret", "access", "signing", "encryption", "master", "license", "ssh",
                        "deploy", "client", "app", "service", "account"}));
    }
    if (!secretWord)
        return false;
    return std::none_of(parts.begin(), parts.end(), [](std::string_view t) {
        return oneOf(t,
            {"public", "pub", "file", "path", "dir", "url", "uri", "name", "fingerprint", "gpg", "pgp", "length",
                "size", "type", "version", "host", "port", "enabled", "enable", "required", "header", "prefix", "id",
                "user", "username", "endpoint", "server", "mode"});
    });
}

} // namespace stagecraft

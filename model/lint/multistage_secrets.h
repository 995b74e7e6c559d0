// SPDX-License-Identifier: MIT
#pragma once

// Which file names and build-argument names look like secrets (SecretInLayer). Kept
// narrow on purpose: a public certificate (`ca.pem`), an example env file (`.env.example`)
// or a GPG key fingerprint (`GPG_KEY`) are not secrets, and flagging them would teach
// users to ignore the rule.

#include <string_view>

namespace stagecraft {

/// `.env`, `.env.production`, `id_rsa`, `server.key`, `privkey.pem`, `.npmrc`, `.netrc`, ...
/// `destination` (the COPY destination) lets a certificate going into a trust store pass.
[[nodiscard]] bool isSecretFileName(std::string_view name, std::string_view destination = {});

/// `.ssh`, `.aws`, `.gnupg`, `.kube`, `.docker`: directories that hold credentials.
[[nodiscard]] bool isSecretDirectoryName(std::string_view name);

/// NPM_TOKEN, GITHUB_TOKEN, DB_PASSWORD, API_KEY, AWS_SECRET_ACCESS_KEY, ... (not GPG_KEY,
/// PASSWORD_FILE, PUBLIC_KEY or TOKEN_URL).
[[nodiscard]] bool isSecretVariableName(std::string_view name);

} // namespace stagecraft

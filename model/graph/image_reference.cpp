// SPDX-License-Identifier: MIT
#include "image_reference.h"

#include "syntax/go_text.h"

#include <algorithm>

namespace stagecraft {
namespace {

constexpr std::string_view defaultDomain = "docker.io";
constexpr std::string_view legacyDefaultDomain = "index.docker.io";
constexpr std::string_view officialRepoPrefix = "library/";
constexpr size_t repositoryNameTotalLengthMax = 255;

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool isAlnum(char c)
{
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isWord(char c)
{
    return isAlnum(c) || c == '_';
}
// strings.ToLower(s) != s, without allocating for the common all-ASCII lower-case input.
bool notLowerCase(std::string_view s)
{
    const bool maybe
        = std::any_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c & 0x80) != 0; });
    return maybe && go::toLower(s) != s;
}

// domain-component: [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool isDomainComponent(std::string_view s)
{
    if (s.empty() || !isAlnum(s.front()) || !isAlnum(s.back()))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return isAlnum(c) || c == '-'; });
}

// host [':' port]: host is dotted domain components or a bracketed IPv6 address.
bool isDomainAndPort(std::string_view s)
{
    std::string_view host = s;
    std::string_view port;
    bool hasPort = false;
    if (s.starts_with('[')) {
        const size_t close = s.find(']');
        if (close == std::string_view::npos || close == 1)
            return false;
        const std::string_view address = s.substr(1, close - 1);
        if (!std::all_of(address.begin(), address.end(), [](char c) { return isHex(c) || c == ':'; }))
            return false;
        const std::string_view rest = s.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return false;
            hasPort = true;
            port = rest.substr(1);
        }
    } else {
        const size_t colon = s.find(':');
        if (colon != std::string_view::npos) {
            host = s.substr(0, colon);
            port = s.substr(colon + 1);
            hasPort = true;
        }
        size_t start = 0;
        while (true) {
            const size_t dot = host.find('.', start);
            if (!isDomainComponent(host.substr(start, dot == std::string_view::npos ? host.npos : dot - start)))
                return false;
            if (dot == std::string_view::npos)
                break;
            start = dot + 1;
        }
    }
    if (hasPort && (port.empty() || !std::all_of(port.begin(), port.end(), isDigit)))
        return false;
    return true;
}

// path-component: [a-z0-9]+ ((?:[._]|__|[-]+) [a-z0-9]+)*
bool isPathComponent(std::string_view s)
{
    size_t i = 0;
    while (true) {
        const size_t runStart = i;
        while (i < s.size() && isLowerAlnum(s[i]))
            ++i;
        if (i == runStart)
            return false;
        if (i == s.size())
            return true;
        const size_t sepStart = i;
        while (i < s.size() && !isLowerAlnum(s[i]))
            ++i;
        const std::string_view sep = s.substr(sepStart, i - sepStart);
        const bool dashes = std::all_of(sep.begin(), sep.end(), [](char c) { return c == '-'; });
        if (!(sep == "." || sep == "_" || sep == "__" || dashes))
            return false;
    }
}

bool isRemoteName(std::string_view s)
{
    size_t start = 0;
    while (true) {
        const size_t slash = s.find('/', start);
        if (!isPathComponent(s.substr(start, slash == std::string_view::npos ? s.npos : slash - start)))
            return false;
        if (slash == std::string_view::npos)
            return true;
        start = slash + 1;
    }
}

// [\w][\w.-]{0,127}
bool isTag(std::string_view s)
{
    if (s.empty() || s.size() > 128 || !isWord(s.front()))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return isWord(c) || c == '.' || c == '-'; });
}

// [A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}
bool isDigestPattern(std::string_view s)
{
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos)
        return false;
    const std::string_view algorithm = s.substr(0, colon);
    const std::string_view hex = s.substr(colon + 1);
    if (hex.size() < 32 || !std::all_of(hex.begin(), hex.end(), isHex))
        return false;
    bool expectLetter = true;
    for (char c : algorithm) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (expectLetter) {
            if (!letter)
                return false;
            expectLetter = false;
        } else if (c == '-' || c == '_' || c == '+' || c == '.') {
            expectLetter = true;
        } else if (!isAlnum(c)) {
            return false;
        }
    }
    return !algorithm.empty() && !expectLetter;
}

// go-digest's Parse: only registered algorithms, with their exact lower-case hex length.
std::string validateDigest(std::string_view s)
{
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size())
        return "invalid checksum digest format";
    const std::string_view algorithm = s.substr(0, colon);
    const std::string_view hex = s.substr(colon + 1);
    size_t length = 0;
    if (algorithm == "sha256")
        length = 64;
    else if (algorithm == "sha384")
        length = 96;
    else if (algorithm == "sha512")
        length = 128;
    else
        return "unsupported digest algorithm";
    if (hex.size() != length)
        return "invalid checksum digest length";
    if (!std::all_of(hex.begin(), hex.end(), [](char c) { return isDigit(c) || (c >= 'a' && c <= 'f'); }))
        return "invalid checksum digest format";
    return {};
}

struct Split {
    std::string_view domain;
    std::string_view path;
    std::string_view tag;
    std::string_view digest;
};

// referenceRegexp: name [":" tag] ["@" digest], with name = [domainAndPort "/"] remoteName.
bool matchReference(std::string_view s, Split &out)
{
    std::string_view rest = s;
    if (const size_t at = rest.find('@'); at != std::string_view::npos) {
        out.digest = rest.substr(at + 1);
        rest = rest.substr(0, at);
        if (!isDigestPattern(out.digest))
            return false;
    }
    // A tag follows the last ':' unless a '/' comes after it (then the ':' is a port).
    if (const size_t colon = rest.rfind(':');
        colon != std::string_view::npos && rest.find('/', colon) == std::string_view::npos) {
        out.tag = rest.substr(colon + 1);
        rest = rest.substr(0, colon);
        if (!isTag(out.tag))
            return false;
    }
    // The regexp tries the optional domain first and backtracks to none.
    if (const size_t slash = rest.find('/'); slash != std::string_view::npos) {
        if (isDomainAndPort(rest.substr(0, slash)) && isRemoteName(rest.substr(slash + 1))) {
            out.domain = rest.substr(0, slash);
            out.path = rest.substr(slash + 1);
            return true;
        }
    }
    if (!isRemoteName(rest))
        return false;
    out.domain = {};
    out.path = rest;
    return true;
}

bool isIdentifier(std::string_view s)
{
    return s.size() == 64
        && std::all_of(s.begin(), s.end(), [](char c) { return isDigit(c) || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::string ImageReference::name() const
{
    if (registry.empty())
        return repository;
    return registry + '/' + repository;
}

std::string ImageReference::canonical() const
{
    std::string out = name();
    if (!tag.empty())
        out += ':' + tag;
    else if (digest.empty())
        out += ":latest";
    if (!digest.empty())
        out += '@' + digest;
    return out;
}

std::string ImageReference::familiar() const
{
    std::string out;
    if (registry == defaultDomain) {
        std::string_view path = repository;
        if (path.starts_with(officialRepoPrefix) && path.find('/', officialRepoPrefix.size()) == std::string_view::npos)
            path.remove_prefix(officialRepoPrefix.size());
        out = path;
    } else {
        out = name();
    }
    if (!tag.empty())
        out += ':' + tag;
    if (!digest.empty())
        out += '@' + digest;
    return out;
}

ImageReference parseImageReference(std::string_view text)
{
    ImageReference result;
    if (isIdentifier(text)) {
        result.error
            = "invalid repository name (" + std::string(text) + "), cannot specify 64-byte hexadecimal strings";
        return result;
    }

    // splitDockerDomain
    std::string domain;
    std::string remainder;
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
        domain = defaultDomain;
        remainder = std::string(officialRepoPrefix) + std::string(text);
    } else {
        const std::string_view maybeDomain = text.substr(0, slash);
        const std::string_view maybeRemote = text.substr(slash + 1);
        if (maybeDomain == "localhost" || maybeDomain.find_first_of(".:") != std::string_view::npos
            || notLowerCase(maybeDomain)) {
            domain = maybeDomain == legacyDefaultDomain ? defaultDomain : maybeDomain;
            remainder = maybeRemote;
        } else {
            domain = defaultDomain;
            remainder = text;
        }
        if (domain == defaultDomain && remainder.find('/') == std::string::npos)
            remainder.insert(0, officialRepoPrefix);
    }

    const std::string_view remote = std::string_view(remainder).substr(0, remainder.find(':'));
    if (notLowerCase(remote)) {
        result.error = "invalid reference format: repository name (" + std::string(remote) + ") must be lowercase";
        return result;
    }

    const std::string full = domain + '/' + remainder;
    Split split;
    if (!matchReference(full, split)) {
        Split lowered;
        const std::string lowerCase = go::toLower(full);
        if (lowerCase != full && matchReference(lowerCase, lowered))
            result.error = "repository name must be lowercase";
        else
            result.error = "invalid reference format";
        return result;
    }
    if (split.path.size() > repositoryNameTotalLengthMax) {
        result.error = "repository name must not be more than 255 characters";
        return result;
    }
    if (!split.digest.empty()) {
        if (std::string error = validateDigest(split.digest); !error.empty()) {
            result.error = std::move(error);
            return result;
        }
    }
    result.registry = split.domain;
    result.repository = split.path;
    result.tag = split.tag;
    result.digest = split.digest;
    return result;
}

} // namespace stagecraft

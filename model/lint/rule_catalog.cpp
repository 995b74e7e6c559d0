// SPDX-License-Identifier: MIT
#include "rule_catalog.h"

#include <QFile>

#include <algorithm>
#include <array>
#include <mutex>

// The resources are compiled into a static library: referencing the initializer keeps
// the linker from dropping them (see resources/CMakeLists.txt).
static void initRuleResources()
{
    Q_INIT_RESOURCE(stagecraft_rules);
}

namespace stagecraft {
namespace {

// The parser's and the build graph's codes: errors BuildKit itself would reject the file
// for. They are part of the catalog so that one list, one lookup and one SARIF rule table
// cover everything the engine reports.
RuleSet syntaxCodes()
{
    constexpr auto error = Severity::Error;
    constexpr auto origin = RuleOrigin::Stagecraft;
    RuleSet set;
    set.rules = {
        {"DuplicateDirective", {}, origin, error, "A parser directive is given twice", {}},
        {"FileTooLarge", {}, origin, error, "The file is larger than 4 GiB", {}},
        {"InvalidEscapeToken", {}, origin, error, "The escape directive names neither ` nor \\", {}},
        {"InvalidHeredoc", {}, origin, error, "A heredoc word BuildKit cannot read", {}},
        {"InvalidKeyValue", {}, origin, error, "ENV or LABEL arguments that are not key=value pairs", {}},
        {"JsonArrayNotStrings", {}, origin, error, "An exec-form array with elements that are not strings", {}},
        {"LineTooLong", {}, origin, error, "A line longer than BuildKit's scanner accepts", {}},
        {"NoInstructions", {}, origin, error, "The file has no instructions", {}},
        {"UnknownInstruction", {}, origin, error, "An instruction BuildKit does not know", {}},
        {"UnterminatedHeredoc", {}, origin, error, "A heredoc without its closing line", {}},
        {"UnknownTarget", {}, origin, error, "The --target stage does not exist", {}},
        {"NoStages", {}, origin, error, "The file has no FROM, so nothing to build", {}},
        {"NoBuildStage", {}, origin, error, "An instruction other than ARG before the first FROM", {}},
        {"FromArgumentCount", {}, origin, error, "FROM takes either one or three arguments", {}},
        {"InvalidStageName", {}, origin, error, "A stage name BuildKit rejects", {}},
        {"InvalidFromReference", {}, origin, error, "A FROM base that is neither a stage nor a valid image", {}},
        {"InvalidImageReference", {}, origin, error, "An image reference that does not parse", {}},
        {"InvalidPlatform", {}, origin, error, "A --platform value that expands to nothing", {}},
        {"ArgExpansion", {}, origin, error, "A global ARG default that fails to expand", {}},
        {"CopyFromVariable", {}, origin, error, "COPY --from does not expand variables", {}},
        {"MountFromVariable", {}, origin, error, "RUN --mount from= does not expand variables", {}},
        {"InvalidMount", {}, origin, error, "A RUN --mount flag BuildKit rejects", {}},
        {"StageIndexOutOfRange", {}, origin, error, "COPY --from names a stage index that does not exist", {}},
        {"CircularDependency", {}, origin, error, "Stages that depend on each other in a cycle", {}},
        {"ForwardStageReference", {}, origin, error, "A stage used before it is defined", {}},
        {"InvalidCheckDirective", {}, origin, error, "A # check= directive BuildKit cannot parse", {}},
    };
    set.check = [](const LintContext &) {};
    return set;
}

constexpr std::array experimentalRules {
    std::string_view("CopyIgnoredFile"), std::string_view("InvalidDefinitionDescription")};

} // namespace

RuleCatalog::RuleCatalog()
{
    m_sets.push_back(buildKitRules());
    m_sets.push_back(hadolintRules());
    m_sets.push_back(multiStageRules());
    m_sets.push_back(syntaxCodes());
    for (const RuleSet &set : m_sets)
        m_rules.insert(m_rules.end(), set.rules.begin(), set.rules.end());
    // The syntax codes carry no checks; keep only the sets that do something.
    m_sets.pop_back();
    // The first rule of an id wins, as in find().
    m_byId.reserve(m_rules.size());
    for (const RuleInfo &rule : m_rules)
        m_byId.emplace(rule.id, &rule);
}

const RuleInfo *RuleCatalog::find(std::string_view name) const
{
    for (const RuleInfo &rule : m_rules) {
        if (rule.id == name)
            return &rule;
    }
    for (const RuleInfo &rule : m_rules) {
        if (std::find(rule.aliases.begin(), rule.aliases.end(), name) != rule.aliases.end())
            return &rule;
    }
    return nullptr;
}

const RuleInfo *RuleCatalog::byId(std::string_view id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : it->second;
}

bool RuleCatalog::answersTo(const RuleInfo &rule, std::string_view name)
{
    return rule.id == name || std::find(rule.aliases.begin(), rule.aliases.end(), name) != rule.aliases.end();
}

bool RuleCatalog::designates(std::string_view name, std::string_view id) const
{
    if (name == id)
        return true;
    const RuleInfo *rule = byId(id);
    return rule != nullptr && answersTo(*rule, name);
}

const RuleCatalog &ruleCatalog()
{
    static const RuleCatalog catalog;
    return catalog;
}

bool isExperimentalRule(std::string_view id)
{
    return std::find(experimentalRules.begin(), experimentalRules.end(), id) != experimentalRules.end();
}

QString ruleDocumentation(std::string_view id)
{
    static std::once_flag once;
    std::call_once(once, initRuleResources);
    QFile file(QStringLiteral(":/rules/") + QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size()))
        + QStringLiteral(".md"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace stagecraft

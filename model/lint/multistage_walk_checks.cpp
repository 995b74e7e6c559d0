// SPDX-License-Identifier: MIT
// The rules the StageWalker checks instruction by instruction, against what the stage holds
// at that point: PackageInstallBeforeManifest, ContextCopiedBeforeDependencies, SecretInLayer.
// (NpmOnlyProductionDeprecated needs no state and is reported in onRun.)

#include "multistage_paths.h"
#include "multistage_secrets.h"
#include "multistage_walk.h"

#include <algorithm>

namespace stagecraft {
namespace {

std::string_view toolName(DependencyTool tool)
{
    switch (tool) {
    case DependencyTool::Npm:
        return "npm";
    case DependencyTool::Yarn:
        return "yarn";
    case DependencyTool::Pnpm:
        return "pnpm";
    case DependencyTool::Pip:
        return "pip";
    case DependencyTool::GoModules:
        return "go";
    }
    return "npm";
}

std::string describeInstall(const DependencyInstall &install)
{
    switch (install.tool) {
    case DependencyTool::GoModules:
        return "go mod download";
    case DependencyTool::Pip:
        return "pip install -r";
    case DependencyTool::Yarn:
        return install.subcommand.empty() ? "yarn" : "yarn " + install.subcommand;
    default:
        return std::string(toolName(install.tool)) + " " + install.subcommand;
    }
}

std::string joinNames(const std::vector<std::string> &names)
{
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

} // namespace

void StageWalker::checkManifests(
    const Stage &stage, int index, const StageState &state, const DependencyInstall &install, const RunFacts &facts)
{
    // Stay quiet whenever the manifest may be there after all: files of unknown names, a bind
    // mount, a failure the script tolerates, an image that may carry the project itself.
    if (install.tolerated || !install.directoryCertain || install.mayFollowFileCreation || facts.bindMount
        || state.unknownFiles || !state.directoryCertain)
        return;
    const ImageFamily family = state.image.family;
    if (!state.image.official && family != ImageFamily::Distroless && family != ImageFamily::Chainguard)
        return;
    PendingManifest pending;
    pending.install = install;
    pending.instruction = index;
    for (const std::vector<std::string> &alternatives : install.manifests) {
        const bool found = std::any_of(alternatives.begin(), alternatives.end(), [&](const std::string &file) {
            const std::string path = joinPath(install.directory, file);
            return std::any_of(state.landings.begin(), state.landings.end(),
                [&](const Landing &landing) { return satisfies(landing, install, path); });
        });
        if (!found && pending.missingFiles.empty())
            pending.firstMissingPath = joinPath(install.directory, alternatives.front());
        if (!found)
            pending.missingFiles.push_back(
                alternatives.size() == 1 ? alternatives.front() : alternatives[0] + " (or " + alternatives[1] + ")");
    }
    if (pending.missingFiles.empty())
        return;
    (void)stage;
    m_pending.push_back(std::move(pending));
}

void StageWalker::reportPendingManifests(const Stage &stage)
{
    for (const PendingManifest &pending : m_pending) {
        const DependencyInstall &install = pending.install;
        const std::string command = describeInstall(install);
        std::string where;
        if (isKnownPath(install.directory))
            where = " in " + install.directory;
        std::string message = command + " runs" + where + " before " + joinNames(pending.missingFiles)
            + (pending.missingFiles.size() == 1 ? " is" : " are") + " copied into stage " + stage.displayName();
        switch (install.tool) {
        case DependencyTool::Npm:
            message += install.manifests.size() > 1 ? ": npm ci fails without package.json and package-lock.json"
                                                    : ": npm finds no package.json and installs nothing";
            break;
        case DependencyTool::Yarn:
        case DependencyTool::Pnpm:
            message += ": it fails or installs nothing";
            break;
        case DependencyTool::Pip:
            message += ": pip fails with \"Could not open requirements file\"";
            break;
        case DependencyTool::GoModules:
            message += ": it fails with \"go.mod file not found\"";
            break;
        }
        if (pending.copiedLine != 0)
            message += " (it is only copied at line " + std::to_string(pending.copiedLine) + ")";

        std::vector<QuickFix> fixes;
        std::string copy;
        switch (install.tool) {
        case DependencyTool::Npm:
            copy = "COPY package*.json ./";
            break;
        case DependencyTool::Yarn:
            copy = "COPY package.json yarn.lock ./";
            break;
        case DependencyTool::Pnpm:
            copy = "COPY package.json pnpm-lock.yaml ./";
            break;
        case DependencyTool::GoModules:
            copy = "COPY go.mod go.sum ./";
            break;
        case DependencyTool::Pip:
            if (std::none_of(pending.missingFiles.begin(), pending.missingFiles.end(),
                    [](const std::string &f) { return f.find('/') != std::string::npos || f.starts_with('.'); }))
                copy = "COPY " + joinNames(pending.missingFiles) + " ./";
            if (pending.missingFiles.size() > 1)
                copy.clear();
            break;
        }
        if (!copy.empty() && !install.changedDirectory) {
            const Instruction &run = m_tree.instructions()[static_cast<size_t>(pending.instruction)];
            const uint32_t lineStart = m_tree.lines().lineStart(run.startLine);
            const std::string indent(m_tree.text().substr(lineStart, run.range.begin - lineStart));
            fixes.push_back(
                {"Insert `" + copy + "` before the install", {{{lineStart, lineStart}, indent + copy + "\n"}}});
            message += "; copy it first: " + copy;
        }
        m_context.report(
            "PackageInstallBeforeManifest", install.range, std::move(message), stage.index, std::move(fixes));
    }
    m_pending.clear();
}

void StageWalker::checkContextCopy(const Stage &stage, int index, const DependencyInstall &install)
{
    if (m_contextCopy.instruction < 0) {
        m_contextCopy.installedBefore.push_back(install.tool);
        return;
    }
    const std::vector<DependencyTool> &before = m_contextCopy.installedBefore;
    if (m_contextCopy.reported || std::find(before.begin(), before.end(), install.tool) != before.end())
        return;
    m_contextCopy.reported = true;
    std::string manifests;
    switch (install.tool) {
    case DependencyTool::Npm:
        manifests = "package*.json";
        break;
    case DependencyTool::Yarn:
        manifests = "package.json yarn.lock";
        break;
    case DependencyTool::Pnpm:
        manifests = "package.json pnpm-lock.yaml";
        break;
    case DependencyTool::Pip:
        manifests = install.manifests.empty() || install.manifests.front().empty() ? "requirements.txt"
                                                                                   : install.manifests.front().front();
        break;
    case DependencyTool::GoModules:
        manifests = "go.mod go.sum";
        break;
    }
    m_context.report("ContextCopiedBeforeDependencies", m_contextCopy.range,
        "the whole build context is copied (line " + std::to_string(line(m_contextCopy.instruction)) + ") before "
            + describeInstall(install) + " (line " + std::to_string(line(index))
            + "): any source change invalidates the cached dependency install; copy " + manifests
            + " first, install, then copy the rest",
        stage.index);
}

void StageWalker::checkSecretFiles(const Stage &stage, const CopyRecord &copy)
{
    const std::string_view destination = copy.arguments.destination.value;
    // Made only for a finding: most COPYs have none.
    const auto where = [&] {
        return ships(stage.index) ? std::string("ships in the final image")
                                  : "stays in the layers and build cache of stage " + stage.displayName();
    };
    constexpr std::string_view advice
        = "; pass it with RUN --mount=type=secret instead (a later rm does not remove it from the layer)";
    for (const CopyPath &source : copy.arguments.sources) {
        if (isUrl(source.value))
            continue; // downloaded at build time: a published file, not one of yours
        std::string_view name = source.heredoc ? baseName(destination) : baseName(source.value);
        if (isSecretFileName(name, destination) || (!source.heredoc && isSecretDirectoryName(name))) {
            m_context.report("SecretInLayer", source.range,
                "copying " + std::string(name) + " puts a secret into a layer that " + where() + std::string(advice),
                stage.index);
            continue;
        }
        // COPY . . (or a directory) of a context that holds secret files .dockerignore does not exclude.
        if (source.heredoc || copy.sourceStage >= 0 || copy.fromImage || m_secretContextFiles.empty()
            || !mayBeDirectory(source.value))
            continue;
        const std::string prefix = cleanPath(source.value);
        std::vector<std::string> found;
        for (const std::string &file : m_secretContextFiles) {
            if (prefix == "." || file.starts_with(prefix + "/"))
                found.push_back(file);
        }
        if (found.empty())
            continue;
        if (found.size() > 3) {
            const size_t more = found.size() - 3;
            found.resize(3);
            found.push_back(std::to_string(more) + " more");
        }
        m_context.report("SecretInLayer", source.range,
            "this copies " + joinNames(found)
                + " from the build context (not excluded by .dockerignore) into a layer that " + where()
                + "; add them to .dockerignore and use RUN --mount=type=secret",
            stage.index);
    }
}

void StageWalker::checkSecretArguments(const Stage &stage, const RunFacts &facts, const VariableScope &scope)
{
    std::vector<std::string_view> reported;
    for (const VariableUse &use : facts.variables) {
        if (std::find(reported.begin(), reported.end(), use.name) != reported.end())
            continue;
        const Variable *variable = scope.find(use.name);
        if (!variable || variable->kind != VariableKind::Arg || !isSecretVariableName(use.name))
            continue;
        reported.push_back(use.name);
        m_context.report("SecretInLayer", use.range,
            "build argument " + use.name
                + " is read by RUN: its value is recorded in the image history and the build cache; "
                  "pass it with RUN --mount=type=secret,id="
                + use.name + ",env=" + use.name + " instead",
            stage.index);
    }
}

} // namespace stagecraft

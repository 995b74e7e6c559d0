// SPDX-License-Identifier: MIT
#include "outline.h"

#include "graph/build_graph.h"
#include "graph/run_mount.h"
#include "lint/multistage_secrets.h"
#include "syntax/buildkit_ast.h"

#include <algorithm>

namespace stagecraft {
namespace {

std::string_view baseName(std::string_view path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// The ARG declarations (or ENV keys) of `instruction`, with their source ranges.
std::vector<OutlineItem> declarations(const SyntaxTree &tree, const Instruction &instruction, OutlineItem::Kind kind)
{
    std::vector<OutlineItem> items;
    const std::vector<BuildKitWord> words = buildKitWords(tree, instruction);
    // `ENV KEY value` (the legacy form) declares only its first word.
    const bool legacyEnv
        = kind == OutlineItem::Kind::Env && !words.empty() && words.front().text.find('=') == std::string::npos;
    for (const BuildKitWord &word : words) {
        const ArgDeclaration declaration = splitArgWord(word.text);
        if (declaration.name.empty())
            continue;
        OutlineItem item;
        item.kind = kind;
        item.name = std::string(declaration.name);
        item.value = std::string(declaration.value);
        item.hasValue = declaration.hasValue;
        item.secret = isSecretVariableName(declaration.name);
        item.line = instruction.startLine;
        item.range
            = tree.toSource(instruction, word.begin, word.begin + static_cast<uint32_t>(declaration.name.size()));
        items.push_back(std::move(item));
        if (legacyEnv)
            break;
    }
    return items;
}

void addSecretMounts(const SyntaxTree &tree, const Instruction &instruction, int stage, std::vector<OutlineItem> &out)
{
    for (const Flag &flag : tree.flags(instruction)) {
        // Most RUNs mount caches: their flags are not read unless they may be secrets.
        if (tree.flagName(flag) != "mount" || !mayBeSecretMount(tree.flagValue(flag)))
            continue;
        const RunMount mount = parseRunMount(tree.flagValue(flag));
        if (mount.type != "secret")
            continue;
        OutlineItem item;
        item.kind = OutlineItem::Kind::SecretMount;
        // BuildKit names a secret without id after its target's file name.
        item.name = !mount.id.empty() ? mount.id : std::string(baseName(mount.target));
        item.value = mount.target.empty() ? "/run/secrets/" + item.name : mount.target;
        item.hasValue = true;
        item.secret = true;
        item.stage = stage;
        item.line = instruction.startLine;
        item.range = flag.range;
        out.push_back(std::move(item));
    }
}

} // namespace

bool sameExceptPlaces(const Outline &a, const Outline &b)
{
    // Every member but line and range (keep in step with OutlineItem and OutlineStage).
    const auto sameItem = [](const OutlineItem &x, const OutlineItem &y) {
        return x.kind == y.kind && x.name == y.name && x.value == y.value && x.hasValue == y.hasValue
            && x.secret == y.secret && x.stage == y.stage;
    };
    const auto sameItems = [&](const std::vector<OutlineItem> &x, const std::vector<OutlineItem> &y) {
        return std::equal(x.begin(), x.end(), y.begin(), y.end(), sameItem);
    };
    const auto sameStage = [&](const OutlineStage &x, const OutlineStage &y) {
        return x.index == y.index && x.name == y.name && x.base == y.base && x.baseIsStage == y.baseIsStage
            && x.target == y.target && x.reachable == y.reachable && sameItems(x.args, y.args);
    };
    return sameItems(a.globalArgs, b.globalArgs) && sameItems(a.secrets, b.secrets)
        && std::equal(a.stages.begin(), a.stages.end(), b.stages.begin(), b.stages.end(), sameStage);
}

Outline buildOutline(const SyntaxTree &tree, const BuildGraph &graph)
{
    Outline outline;
    const std::vector<Instruction> &instructions = tree.instructions();
    const int globalEnd
        = graph.stages().empty() ? static_cast<int>(instructions.size()) : graph.stages().front().firstInstruction;
    for (int i = 0; i < globalEnd; ++i) {
        const Instruction &instruction = instructions[static_cast<size_t>(i)];
        if (instruction.kind != InstructionKind::Arg)
            continue;
        for (OutlineItem &item : declarations(tree, instruction, OutlineItem::Kind::GlobalArg)) {
            if (item.secret)
                outline.secrets.push_back(item);
            outline.globalArgs.push_back(std::move(item));
        }
    }
    for (const Stage &stage : graph.stages()) {
        OutlineStage entry;
        entry.index = stage.index;
        entry.name = stage.displayName();
        entry.base = stage.base.kind == BaseKind::Stage && stage.base.stage >= 0
            ? graph.stages()[static_cast<size_t>(stage.base.stage)].displayName()
            : stage.base.resolved.empty() ? stage.base.ref
                                          : stage.base.resolved;
        entry.baseIsStage = stage.base.kind == BaseKind::Stage;
        entry.target = stage.index == graph.targetIndex();
        entry.reachable = graph.reachable(stage.index);
        entry.line = stage.startLine;
        entry.range = instructions[static_cast<size_t>(stage.firstInstruction)].range;
        // The stage's ARGs, and its secrets (ARG, ENV, secret mounts) in source order.
        for (const Instruction &instruction : stage.instructions(tree)) {
            if (instruction.kind == InstructionKind::Arg || instruction.kind == InstructionKind::Env) {
                const bool arg = instruction.kind == InstructionKind::Arg;
                for (OutlineItem &item :
                    declarations(tree, instruction, arg ? OutlineItem::Kind::Arg : OutlineItem::Kind::Env)) {
                    item.stage = stage.index;
                    if (item.secret)
                        outline.secrets.push_back(item);
                    if (arg)
                        entry.args.push_back(std::move(item));
                }
            } else if (instruction.kind == InstructionKind::Run) {
                addSecretMounts(tree, instruction, stage.index, outline.secrets);
            }
        }
        outline.stages.push_back(std::move(entry));
    }
    return outline;
}

} // namespace stagecraft

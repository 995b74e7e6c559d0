// SPDX-License-Identifier: MIT
#include "history_import.h"

#include "syntax/buildkit_ast.h"
#include "syntax/syntax_tree.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace stagecraft {
namespace {

// Entries `docker history` may hold between two instructions we know (ONBUILD triggers, a
// base image's trailing metadata) are skipped, but only this many at a time.
constexpr int maxSkippedEntries = 3;
// Two RUN texts match when they agree this far (Docker may abbreviate, BuildKit rewrites heredocs).
constexpr size_t runPrefixLength = 24;

std::string collapseSpaces(std::string_view text)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// "|2 A=1 B=2 /bin/sh -c cmd": the build-arg prefix Docker puts before RUN commands.
std::string_view withoutArgPrefix(std::string_view text)
{
    if (!text.starts_with('|'))
        return text;
    size_t i = 1;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
        ++i;
    const int count = std::atoi(std::string(text.substr(1, i - 1)).c_str());
    text.remove_prefix(i);
    for (int n = 0; n < count; ++n) {
        text = trimmed(text);
        const size_t space = text.find(' ');
        text.remove_prefix(space == std::string_view::npos ? text.size() : space);
    }
    return trimmed(text);
}

std::string_view withoutShell(std::string_view text)
{
    for (std::string_view shell : {"/bin/sh -c ", "/bin/bash -c ", "/bin/ash -c ", "cmd /S /C "}) {
        if (text.starts_with(shell))
            return text.substr(shell.size());
    }
    return text;
}

std::string lastWord(std::string_view text)
{
    text = trimmed(text);
    if (const size_t in = text.rfind(" in "); in != std::string_view::npos)
        return std::string(trimmed(text.substr(in + 4))); // legacy "COPY file:abc in /app/"
    const size_t space = text.rfind(' ');
    return std::string(space == std::string_view::npos ? text : text.substr(space + 1));
}

std::string normalizedDestination(std::string text)
{
    while (text.size() > 1 && text.back() == '/')
        text.pop_back();
    if (text.starts_with("./"))
        text.erase(0, 2);
    return text;
}

bool runTextMatches(const std::string &measured, const std::string &written)
{
    std::string a = collapseSpaces(measured);
    std::string b = collapseSpaces(written);
    // Abbreviated output ends in an ellipsis; --no-trunc output does not.
    for (std::string *s : {&a, &b}) {
        if (s->ends_with("\u2026"))
            s->resize(s->size() - std::string_view("\u2026").size());
        if (s->ends_with("..."))
            s->resize(s->size() - 3);
    }
    if (a.empty() || b.empty())
        return a == b;
    if (a.starts_with(b) || b.starts_with(a))
        return true;
    const size_t n = std::min({a.size(), b.size(), runPrefixLength});
    return a.compare(0, n, b, 0, n) == 0;
}

std::string stringField(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<int64_t>());
    return {};
}

} // namespace

bool parseDockerSize(std::string_view text, int64_t &bytes, int64_t &low, int64_t &high)
{
    text = trimmed(text);
    size_t end = 0;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.'))
        ++end;
    if (end == 0)
        return false;
    const std::string number(text.substr(0, end));
    std::string_view unit = trimmed(text.substr(end));
    const double value = std::strtod(number.c_str(), nullptr);
    double scale = 0;
    static constexpr std::pair<std::string_view, double> units[]
        = {{"", 1}, {"B", 1}, {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15},
            {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
    for (const auto &[name, factor] : units) {
        if (unit == name)
            scale = factor;
    }
    if (scale == 0)
        return false;
    bytes = std::llround(value * scale);
    if (scale == 1 || value == 0) {
        low = high = bytes;
        return true;
    }
    // Docker prints three significant digits (%.3g, trailing zeros dropped): half a unit of
    // the third digit either way.
    const int exponent = static_cast<int>(std::floor(std::log10(value)));
    const double half = 0.5 * std::pow(10.0, exponent - 2) * scale;
    low = std::max<int64_t>(0, std::llround(value * scale - half));
    high = std::llround(value * scale + half);
    return true;
}

HistoryCommand parseCreatedBy(std::string_view createdBy)
{
    HistoryCommand command;
    std::string_view text = trimmed(createdBy);
    if (text.ends_with("# buildkit"))
        text = trimmed(text.substr(0, text.size() - std::string_view("# buildkit").size()));
    constexpr std::string_view nop = "#(nop)";
    if (const std::string_view shell = withoutShell(text); shell.size() != text.size()) {
        // The legacy builder: "/bin/sh -c #(nop) WORKDIR /app" or "/bin/sh -c apt-get ...".
        const std::string_view rest = trimmed(shell);
        if (rest.starts_with(nop)) {
            text = trimmed(rest.substr(nop.size()));
        } else {
            command.kind = InstructionKind::Run;
            command.text = std::string(rest);
            return command;
        }
    } else if (text.starts_with('|')) {
        command.kind = InstructionKind::Run;
        command.text = std::string(withoutShell(withoutArgPrefix(text)));
        return command;
    }
    const size_t space = text.find(' ');
    command.kind = instructionKindFromKeyword(text.substr(0, space));
    std::string_view rest = space == std::string_view::npos ? std::string_view() : trimmed(text.substr(space + 1));
    if (command.kind == InstructionKind::Run)
        rest = withoutShell(withoutArgPrefix(rest));
    command.text = std::string(rest);
    return command;
}

std::optional<Measurement> parseMeasurement(std::string_view text, std::string *error)
{
    auto fail = [&](std::string message) -> std::optional<Measurement> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    const std::string_view body = trimmed(text);
    if (body.empty())
        return fail("the measurement file is empty");
    Measurement measurement;
    if (body.front() == '[') {
        const nlohmann::json root = nlohmann::json::parse(body, nullptr, false);
        if (root.is_discarded() || !root.is_array() || root.empty() || !root.front().is_object())
            return fail("not `docker image inspect` output (a JSON array of images)");
        const nlohmann::json &image = root.front();
        const auto size = image.find("Size");
        if (size == image.end() || !size->is_number_integer())
            return fail("`docker image inspect` output without a Size");
        measurement.kind = Measurement::Kind::Inspect;
        measurement.totalBytes = measurement.totalLow = measurement.totalHigh = size->get<int64_t>();
        if (const auto tags = image.find("RepoTags");
            tags != image.end() && tags->is_array() && !tags->empty() && tags->front().is_string())
            measurement.image = tags->front().get<std::string>();
        else
            measurement.image = stringField(image, "Id");
        return measurement;
    }
    // JSON lines, newest first.
    int lineNumber = 0;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, newline));
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++lineNumber;
        if (line.empty())
            continue;
        const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
        if (entry.is_discarded() || !entry.is_object() || !entry.contains("CreatedBy"))
            return fail("line " + std::to_string(lineNumber)
                + ": not `docker history --no-trunc --format '{{json .}}'` output");
        MeasuredLayer layer;
        layer.createdBy = stringField(entry, "CreatedBy");
        layer.id = stringField(entry, "ID");
        layer.createdAt = stringField(entry, "CreatedAt");
        layer.size = stringField(entry, "Size");
        if (!parseDockerSize(layer.size, layer.bytes, layer.low, layer.high))
            return fail("line " + std::to_string(lineNumber) + ": cannot read the size \"" + layer.size + "\"");
        measurement.layers.push_back(std::move(layer));
    }
    std::reverse(measurement.layers.begin(), measurement.layers.end());
    measurement.totalBytes = 0;
    for (const MeasuredLayer &layer : measurement.layers) {
        measurement.totalBytes += layer.bytes;
        measurement.totalLow += layer.low;
        measurement.totalHigh += layer.high;
    }
    return measurement;
}

int attachMeasurement(
    SizeReport &report, const Measurement &measurement, const SyntaxTree &tree, const BuildGraph &graph)
{
    report.measurement = std::string(measurement.sourceName());
    report.measuredLayers = 0;
    const int target = report.target;
    if (target < 0 || target >= static_cast<int>(report.stages.size()))
        return 0;
    StageSize &final = report.stages[static_cast<size_t>(target)];
    final.measured = SizeFigure::range(measurement.totalBytes, measurement.totalLow, measurement.totalHigh,
        SizeSource::Measured, std::string(measurement.sourceName()));
    if (measurement.kind == Measurement::Kind::Inspect)
        return 0;

    // The instructions of the image, oldest first: the target's FROM-stage chain, bottom up.
    std::vector<int> chain;
    for (int stage = target; stage >= 0 && static_cast<size_t>(stage) < graph.stages().size();) {
        chain.push_back(stage);
        const StageBase &base = graph.stages()[static_cast<size_t>(stage)].base;
        if (base.kind != BaseKind::Stage || base.stage >= stage)
            break;
        stage = base.stage;
    }
    std::reverse(chain.begin(), chain.end());
    struct Step {
        int stage;
        int instruction;
    };
    std::vector<Step> steps;
    for (int stage : chain) {
        const Stage &s = graph.stages()[static_cast<size_t>(stage)];
        for (int i = s.firstInstruction + 1; i < s.endInstruction; ++i) {
            if (tree.instructions()[static_cast<size_t>(i)].kind != InstructionKind::Onbuild)
                steps.push_back({stage, i});
        }
    }

    auto matches = [&](const MeasuredLayer &layer, const Step &step) {
        const Instruction &instruction = tree.instructions()[static_cast<size_t>(step.instruction)];
        const HistoryCommand command = parseCreatedBy(layer.createdBy);
        if (command.kind != instruction.kind)
            return false;
        if (instruction.kind == InstructionKind::Run) {
            if (instruction.json) {
                const BuildKitNode node = buildKitNode(tree, instruction);
                std::string joined;
                for (const std::string &value : node.values)
                    joined += (joined.empty() ? "" : " ") + value;
                return runTextMatches(command.text, joined);
            }
            return runTextMatches(command.text, std::string(tree.argumentsText(instruction)));
        }
        if (instruction.kind == InstructionKind::Copy || instruction.kind == InstructionKind::Add) {
            const BuildKitNode node = buildKitNode(tree, instruction);
            if (node.values.empty())
                return true;
            return normalizedDestination(lastWord(command.text)) == normalizedDestination(node.values.back());
        }
        return true;
    };

    // Align from the newest entry and the last instruction backwards.
    const std::vector<MeasuredLayer> &layers = measurement.layers;
    std::vector<int> assigned(steps.size(), -1);
    int entry = static_cast<int>(layers.size()) - 1;
    for (int step = static_cast<int>(steps.size()) - 1; step >= 0 && entry >= 0; --step) {
        for (int skip = 0; skip <= maxSkippedEntries && entry - skip >= 0; ++skip) {
            if (matches(layers[static_cast<size_t>(entry - skip)], steps[static_cast<size_t>(step)])) {
                assigned[static_cast<size_t>(step)] = entry - skip;
                entry -= skip + 1;
                break;
            }
        }
    }
    // Entries older than the first matched instruction are the base image's.
    int firstMatched = static_cast<int>(layers.size());
    for (int index : assigned) {
        if (index >= 0)
            firstMatched = std::min(firstMatched, index);
    }

    int matched = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
        if (assigned[i] < 0)
            continue;
        ++matched;
        StageSize &stage = report.stages[static_cast<size_t>(steps[i].stage)];
        for (LayerSize &layer : stage.layers) {
            if (layer.instruction != steps[i].instruction)
                continue;
            const MeasuredLayer &measured = layers[static_cast<size_t>(assigned[i])];
            layer.estimate = layer.figure;
            layer.estimate->note = layer.estimateNote(); // kept with the estimate it explains
            layer.figure = SizeFigure::range(measured.bytes, measured.low, measured.high, SizeSource::Measured,
                std::string(measurement.sourceName()) + ": " + measured.size);
        }
    }
    if (matched > 0 && !chain.empty()) {
        StageSize &bottom = report.stages[static_cast<size_t>(chain.front())];
        SizeTotal base;
        for (int i = 0; i < firstMatched; ++i) {
            const MeasuredLayer &layer = layers[static_cast<size_t>(i)];
            base.add(SizeFigure::range(layer.bytes, layer.low, layer.high, SizeSource::Measured));
        }
        bottom.base.estimate = bottom.base.figure;
        bottom.base.figure = base.figure(SizeSource::Measured,
            std::string(measurement.sourceName()) + ": " + std::to_string(firstMatched)
                + " entries below the first instruction of this file");
    }
    report.measuredLayers = matched;
    return matched;
}

} // namespace stagecraft

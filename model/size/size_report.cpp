// SPDX-License-Identifier: MIT
#include "size_report.h"

#include "context_scan.h"

namespace stagecraft {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t instructionColumn = 46;
constexpr size_t figureColumn = 28;
constexpr size_t noteWidth = 110;

Json bytesOrNull(int64_t bytes)
{
    return bytes >= 0 ? Json(bytes) : Json(nullptr);
}

void putBytes(Json &object, const SizeFigure &figure)
{
    object["bytes"] = bytesOrNull(figure.bytes);
    object["low"] = figure.known() ? Json(figure.low) : Json(nullptr);
    object["high"] = bytesOrNull(figure.known() ? figure.high : SizeFigure::unknownBytes);
}

void putFigure(Json &object, const SizeFigure &figure)
{
    putBytes(object, figure);
    object["source"] = std::string(sizeSourceName(figure.source));
    object["note"] = figure.note;
}

Json figureObject(const SizeFigure &figure)
{
    Json object = Json::object();
    putFigure(object, figure);
    return object;
}

std::string_view contextStatusName(ContextScan::Status status)
{
    switch (status) {
    case ContextScan::Status::Complete:
        return "complete";
    case ContextScan::Status::NotFound:
        return "not-found";
    case ContextScan::Status::FileLimit:
        return "file-limit";
    case ContextScan::Status::TimeLimit:
        return "time-limit";
    case ContextScan::Status::Cancelled:
        return "cancelled";
    }
    return "complete";
}

size_t displayWidth(std::string_view text)
{
    size_t width = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++width;
    }
    return width;
}

// Cuts to `width` characters (UTF-8 aware), ending in an ellipsis when cut.
std::string fit(std::string_view text, size_t width)
{
    if (displayWidth(text) <= width)
        return std::string(text);
    std::string out;
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool start = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (start && ++count > width - 1)
            break;
        out += text[i];
    }
    return out + "\u2026";
}

std::string pad(std::string_view text, size_t width)
{
    std::string out = fit(text, width);
    out.append(width > displayWidth(out) ? width - displayWidth(out) : 0, ' ');
    return out;
}

void row(std::string &out, std::string_view label, std::string_view what, const SizeFigure &figure,
    std::string_view note, int64_t wasted, const std::optional<SizeFigure> &estimate)
{
    out += "  ";
    out += pad(label, 6);
    out += pad(what, instructionColumn);
    out += ' ';
    out += pad(formatFigure(figure), figureColumn);
    out += ' ';
    out += pad(sizeSourceName(figure.source), 10);
    if (estimate)
        out += "  estimate " + formatFigure(*estimate) + " (" + std::string(sizeSourceName(estimate->source)) + ")";
    if (wasted > 0)
        out += "  wasted " + formatBytes(wasted);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    out += '\n';
    if (!note.empty() && figure.source != SizeSource::Measured)
        out += "        " + fit(note, noteWidth) + '\n';
}

} // namespace

Json sizeReportToJson(const SizeReport &report, const SizeReportInfo &info)
{
    Json root = Json::object();
    root["version"] = 1;
    root["file"] = info.file;
    root["platform"] = report.platform;
    root["target"] = report.target >= 0 ? Json(report.target) : Json(nullptr);
    if (info.context) {
        Json context = Json::object();
        context["directory"] = info.contextDirectory;
        context["status"] = std::string(contextStatusName(info.context->status()));
        context["files"] = info.context->files().size();
        context["bytes"] = info.context->totalBytes();
        context["ignored"] = info.context->ignoredFiles();
        context["dockerignore"] = info.context->patterns();
        root["context"] = std::move(context);
    } else {
        root["context"] = nullptr;
    }
    if (!report.measurement.empty())
        root["measurement"] = {{"source", report.measurement}, {"matchedInstructions", report.measuredLayers}};
    else
        root["measurement"] = nullptr;

    Json stages = Json::array();
    for (const StageSize &stage : report.stages) {
        Json s = Json::object();
        s["index"] = stage.index;
        s["name"] = stage.name;
        s["platform"] = stage.platform;
        s["reachable"] = stage.reachable;
        s["target"] = stage.target;
        putBytes(s, stage.total);
        s["complete"] = stage.total.bounded() && stage.total.known();
        s["wasted"] = stage.wasted;

        Json base = Json::object();
        base["ref"] = stage.base.ref;
        base["resolved"] = stage.base.resolved;
        base["canonical"] = stage.base.canonical.empty() ? Json(nullptr) : Json(stage.base.canonical);
        base["stage"] = stage.base.stage >= 0 ? Json(stage.base.stage) : Json(nullptr);
        base["catalogEntry"] = stage.base.catalogEntry.empty() ? Json(nullptr) : Json(stage.base.catalogEntry);
        base["fallback"] = stage.base.fallback;
        putFigure(base, stage.base.figure);
        base["wasted"] = stage.base.wasted;
        if (stage.base.estimate)
            base["estimate"] = figureObject(*stage.base.estimate);
        s["base"] = std::move(base);

        Json layers = Json::array();
        for (const LayerSize &layer : stage.layers) {
            Json l = Json::object();
            l["line"] = layer.line;
            l["instruction"] = info.tree ? instructionSummary(*info.tree, layer.instruction) : std::string();
            putFigure(l, layer.figure);
            l["note"] = std::string(layer.note());
            l["wasted"] = layer.wasted;
            l["wastedNote"] = layer.wastedNote;
            Json parts = Json::array();
            for (const SizePart &part : layer.parts) {
                Json p = Json::object();
                p["what"] = part.what;
                putFigure(p, part.figure);
                parts.push_back(std::move(p));
            }
            l["parts"] = std::move(parts);
            if (layer.estimate)
                l["estimate"] = figureObject(*layer.estimate);
            layers.push_back(std::move(l));
        }
        s["layers"] = std::move(layers);
        s["notes"] = stage.notes;
        s["measured"] = stage.measured ? figureObject(*stage.measured) : Json(nullptr);
        stages.push_back(std::move(s));
    }
    root["stages"] = std::move(stages);

    Json final = Json::object();
    if (const StageSize *stage = report.finalStage()) {
        final["stage"] = stage->index;
        final["name"] = stage->name;
        putBytes(final, report.finalImage);
        final["complete"] = report.finalImage.bounded() && report.finalImage.known();
        final["wasted"] = stage->wasted;
        final["measured"] = stage->measured ? figureObject(*stage->measured) : Json(nullptr);
    }
    root["final"] = std::move(final);
    return root;
}

std::string sizeReportToText(const SizeReport &report, const SizeReportInfo &info)
{
    std::string out;
    out += info.file.empty() ? std::string("<stdin>") : info.file;
    out += " \u2014 " + report.platform + ", build context: ";
    if (!info.context)
        out += "not scanned (COPY from it is unknown; give --context DIR)";
    else
        out += info.contextDirectory + " (" + std::to_string(info.context->files().size()) + " files, "
            + formatBytes(info.context->totalBytes()) + ", " + std::string(contextStatusName(info.context->status()))
            + ")";
    out += '\n';
    if (!report.measurement.empty())
        out += "measurement: " + report.measurement + ", " + std::to_string(report.measuredLayers)
            + " instructions matched\n";

    for (const StageSize &stage : report.stages) {
        out += "\nstage " + std::to_string(stage.index) + " " + stage.name;
        if (stage.target)
            out += " \u2014 the final image";
        else if (!stage.reachable)
            out += " (not built for the target)";
        else
            out += " (not in the final image)";
        out += '\n';
        std::string baseLabel = stage.base.stage >= 0 ? "FROM " + stage.base.ref : stage.base.resolved;
        if (stage.base.fallback && !stage.base.catalogEntry.empty())
            baseLabel += " (as " + stage.base.catalogEntry + ")";
        row(out, "base", baseLabel, stage.base.figure, stage.base.figure.note, stage.base.wasted, stage.base.estimate);
        for (const LayerSize &layer : stage.layers) {
            row(out, std::to_string(layer.line),
                info.tree ? instructionSummary(*info.tree, layer.instruction) : std::string(), layer.figure,
                layer.note(), layer.wasted, layer.estimate);
            if (layer.parts.size() > 1) {
                for (const SizePart &part : layer.parts)
                    out += "        "
                        + fit(part.what + ": " + formatFigure(part.figure) + " ("
                                + std::string(sizeSourceName(part.figure.source)) + ")",
                            noteWidth)
                        + '\n';
            }
            if (!layer.wastedNote.empty())
                out += "        wasted: " + fit(layer.wastedNote, noteWidth - 8) + '\n';
        }
        out += "  " + pad("total", 6 + instructionColumn + 1) + formatFigure(stage.total);
        if (stage.wasted > 0)
            out += ", of which " + formatBytes(stage.wasted) + " wasted";
        out += '\n';
        if (stage.measured)
            out += "  " + pad("measured", 6 + instructionColumn + 1) + formatFigure(*stage.measured) + '\n';
        for (const std::string &note : stage.notes)
            out += "  ! " + note + '\n';
    }
    if (const StageSize *stage = report.finalStage()) {
        out += "\nfinal image (stage " + std::to_string(stage->index) + " " + stage->name
            + "): " + formatFigure(report.finalImage);
        if (stage->measured)
            out += "; measured " + formatFigure(*stage->measured);
        out += '\n';
    }
    return out;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "size_figure.h"

#include <cmath>
#include <cstdio>

namespace stagecraft {

std::string_view sizeSourceName(SizeSource source)
{
    switch (source) {
    case SizeSource::Catalog:
        return "catalog";
    case SizeSource::Packages:
        return "packages";
    case SizeSource::Context:
        return "context";
    case SizeSource::Stage:
        return "stage";
    case SizeSource::Heuristic:
        return "heuristic";
    case SizeSource::Measured:
        return "measured";
    case SizeSource::User:
        return "user";
    case SizeSource::None:
        return "none";
    case SizeSource::Unknown:
        break;
    }
    return "unknown";
}

SizeFigure SizeFigure::exact(int64_t bytes, SizeSource source, std::string note)
{
    return range(bytes, bytes, bytes, source, std::move(note));
}

SizeFigure SizeFigure::range(int64_t bytes, int64_t low, int64_t high, SizeSource source, std::string note)
{
    SizeFigure figure;
    figure.bytes = bytes;
    figure.low = low;
    figure.high = high;
    figure.source = source;
    figure.note = std::move(note);
    return figure;
}

SizeFigure SizeFigure::unknown(std::string note)
{
    SizeFigure figure;
    figure.note = std::move(note);
    return figure;
}

SizeFigure SizeFigure::none(std::string note)
{
    return exact(0, SizeSource::None, std::move(note));
}

SizeFigure SizeFigure::scaled(double factor, double lowFactor, double highFactor) const
{
    SizeFigure result = *this;
    if (!known())
        return result;
    result.bytes = std::llround(static_cast<double>(bytes) * factor);
    result.low = std::llround(static_cast<double>(low) * lowFactor);
    result.high = bounded() ? std::llround(static_cast<double>(high) * highFactor) : unknownBytes;
    return result;
}

void SizeTotal::add(const SizeFigure &figure)
{
    if (!figure.known()) {
        ++unknownParts;
        high = SizeFigure::unknownBytes;
        return;
    }
    ++knownParts;
    bytes += figure.bytes;
    low += figure.low;
    if (!figure.bounded())
        high = SizeFigure::unknownBytes;
    else if (high >= 0)
        high += figure.high;
}

void SizeTotal::add(const SizeTotal &total)
{
    bytes += total.bytes;
    low += total.low;
    unknownParts += total.unknownParts;
    knownParts += total.knownParts;
    if (!total.bounded())
        high = SizeFigure::unknownBytes;
    else if (high >= 0)
        high += total.high;
}

SizeFigure SizeTotal::figure(SizeSource source, std::string note) const
{
    if (knownParts == 0 && unknownParts > 0)
        return SizeFigure::unknown(std::move(note));
    SizeFigure result = SizeFigure::range(bytes, low, high, source, std::move(note));
    if (unknownParts > 0) {
        if (!result.note.empty())
            result.note += "; ";
        result.note += "at least: " + std::to_string(unknownParts)
            + (unknownParts == 1 ? " part has no size" : " parts have no size");
    }
    return result;
}

std::string formatBytes(int64_t bytes)
{
    if (bytes < 0)
        return "unknown";
    if (bytes < 1000)
        return std::to_string(bytes) + " B";
    static constexpr const char *units[] = {"kB", "MB", "GB", "TB", "PB"};
    double value = static_cast<double>(bytes) / 1000.0;
    size_t unit = 0;
    // Decide the unit after rounding, so 999.96 kB prints as "1.00 MB", not "1000 kB".
    while (unit + 1 < std::size(units) && std::round(value * 100.0) / 100.0 >= 999.5) {
        value /= 1000.0;
        ++unit;
    }
    char buffer[32];
    if (value >= 99.95)
        std::snprintf(buffer, sizeof buffer, "%.0f %s", value, units[unit]);
    else if (value >= 9.995)
        std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
    else
        std::snprintf(buffer, sizeof buffer, "%.2f %s", value, units[unit]);
    return buffer;
}

std::string formatFigure(int64_t bytes, int64_t low, int64_t high)
{
    if (bytes < 0)
        return "unknown";
    if (high < 0)
        return "\u2265 " + formatBytes(bytes);
    const std::string estimate = formatBytes(bytes);
    std::string lowText = formatBytes(low);
    const std::string highText = formatBytes(high);
    if (lowText == estimate && highText == estimate)
        return estimate;
    // "147–256 MB" rather than "147 MB–256 MB" when both ends share the unit.
    const size_t lowUnit = lowText.rfind(' ');
    const size_t highUnit = highText.rfind(' ');
    if (lowUnit != std::string::npos && highUnit != std::string::npos
        && std::string_view(lowText).substr(lowUnit) == std::string_view(highText).substr(highUnit))
        lowText.resize(lowUnit);
    return estimate + " (" + lowText + "\u2013" + highText + ")";
}

std::string formatFigure(const SizeFigure &figure)
{
    return formatFigure(figure.bytes, figure.low, figure.high);
}

} // namespace stagecraft

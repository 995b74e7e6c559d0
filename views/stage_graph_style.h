// SPDX-License-Identifier: MIT
#pragma once

// How the stage graph looks, in one place: the view, the exported SVG/PNG and the
// command line's `graph --format svg|png` all draw with these, so they match. Fonts
// are in pixels (not points) so a drawing does not depend on the screen's DPI and the
// command line's output is the same on every machine with the same fonts.

#include "graph/build_graph.h"

#include <QColor>
#include <QFont>

namespace stagecraft::graphstyle {

inline constexpr qreal nodeMinWidth = 190;
inline constexpr qreal nodeMaxWidth = 320;
inline constexpr qreal nodePadding = 12;
inline constexpr qreal nodeRadius = 8;
inline constexpr qreal nodeHeight = 82;
inline constexpr qreal imageNodeHeight = 56;
inline constexpr qreal portRadius = 7;
/// Vertical distance between edges that leave or enter a node side by side.
inline constexpr qreal edgeSpacing = 24;
/// Horizontal room for edge labels between two layers (the layout adds the widest label).
inline constexpr qreal rankGap = 70;
inline constexpr qreal nodeGap = 36;

inline QFont titleFont()
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(15);
    font.setBold(true);
    return font;
}

inline QFont textFont()
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(12);
    return font;
}

inline QFont labelFont()
{
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    font.setStyleHint(QFont::Monospace);
    font.setPixelSize(11);
    return font;
}

inline constexpr QColor canvas(0xf8, 0xfa, 0xfc);
inline constexpr QColor nodeFill(0xff, 0xff, 0xff);
inline constexpr QColor nodeBorder(0x94, 0xa3, 0xb8);
inline constexpr QColor targetFill(0xe0, 0xec, 0xff);
inline constexpr QColor accent(0x1d, 0x4e, 0xd8);
inline constexpr QColor imageFill(0xfe, 0xf3, 0xc7);
inline constexpr QColor imageBorder(0xd9, 0x9a, 0x06);
inline constexpr QColor titleText(0x0f, 0x17, 0x2a);
inline constexpr QColor secondaryText(0x47, 0x55, 0x69);
inline constexpr QColor errorColor(0xdc, 0x26, 0x26);
inline constexpr QColor warningColor(0xd9, 0x77, 0x06);
inline constexpr QColor acceptColor(0x16, 0xa3, 0x4a);
inline constexpr QColor selectionColor(0xf5, 0x9e, 0x0b);

/// One colour per edge kind; the line style tells them apart too (bold, solid, dashed).
inline QColor edgeColor(EdgeKind kind)
{
    switch (kind) {
    case EdgeKind::From:
        return QColor(0x33, 0x41, 0x55);
    case EdgeKind::Copy:
        return QColor(0x25, 0x63, 0xeb);
    case EdgeKind::Mount:
        return QColor(0x93, 0x33, 0xea);
    }
    return Qt::black;
}

/// Opacity of stages the target does not need (and of their edges).
inline constexpr qreal dimmedOpacity = 0.42;

} // namespace stagecraft::graphstyle

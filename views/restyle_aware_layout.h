// SPDX-License-Identifier: MIT
#pragma once

// The plain-text layout of the editor, which repaints one line when a keystroke
// changes one line.
//
// A keystroke reaches QPlainTextDocumentLayout as one change that QSyntaxHighlighter
// has widened to the whole block, separator included (it restyles the block with
// QTextLayout::setFormats(), which also drops the block's laid-out lines). Counting
// the removed and the added characters together, the base class then believes the
// change spans two blocks, and finding no lines it cannot tell the height is the same:
// either way it repaints the whole viewport, and every keystroke inside a highlighted
// word redrew and re-shaped every visible line. A change that stays within one block
// (and its separator) with the block count unchanged is passed on as what it is.

#include <QPlainTextDocumentLayout>

class RestyleAwareLayout : public QPlainTextDocumentLayout {
    Q_OBJECT

public:
    explicit RestyleAwareLayout(QTextDocument *document);

protected:
    void documentChanged(int from, int charsRemoved, int charsAdded) override;

private:
    int m_blockCount = 0; ///< before the change being reported
};

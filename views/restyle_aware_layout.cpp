// SPDX-License-Identifier: MIT
#include "restyle_aware_layout.h"

#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

RestyleAwareLayout::RestyleAwareLayout(QTextDocument *document)
    : QPlainTextDocumentLayout(document)
    , m_blockCount(document->blockCount())
{}

void RestyleAwareLayout::documentChanged(int from, int charsRemoved, int charsAdded)
{
    QTextDocument *text = document();
    const QTextBlock block = text->findBlock(from);
    // With as many blocks as before, a change whose new text ends at or before this block's
    // separator also removed nothing beyond it: the blocks after it are untouched.
    const bool withinBlock = block.isValid() && text->blockCount() == m_blockCount
        && from + charsAdded <= block.position() + block.length();
    m_blockCount = text->blockCount();
    if (!withinBlock) {
        QPlainTextDocumentLayout::documentChanged(from, charsRemoved, charsAdded);
        return;
    }
    // New formats dropped the block's lines: lay it out again (blockBoundingRect() does that
    // for a block without lines), so the base class can compare its height.
    const int linesBefore = block.lineCount();
    if (block.layout()->lineCount() == 0)
        blockBoundingRect(block);
    // One character at `from` is a change of this block alone, whatever the formula.
    QPlainTextDocumentLayout::documentChanged(from, 0, 1);
    if (block.layout()->lineCount() != linesBefore)
        requestUpdate(); // its height changed after all: everything below it moves
}

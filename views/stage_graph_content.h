// SPDX-License-Identifier: MIT
#pragma once

// What each node and edge of the stage graph shows, derived from one Analysis. The
// scene turns this into items; the items only draw it. Keeping the derivation here
// (pure functions of the snapshot) means no item holds model state of its own and the
// same snapshot always draws the same picture.

#include "document/analysis.h"

#include <QList>
#include <QString>

#include <utility>
#include <vector>

namespace stagecraft {

enum class GraphNodeKind : uint8_t {
    Stage, ///< a stage of this file
    Image, ///< an external image named by COPY --from or RUN --mount from=
};

struct NodeContent {
    GraphNodeKind kind = GraphNodeKind::Stage;
    int index = -1; ///< stage index, or index into BuildGraph::images()
    /// Identity across analyses: "stage:<name>" ("stage#<index>" when unnamed) or
    /// "image:<ref>". Layout results and user-placed positions are keyed by it.
    QString key;
    QString title; ///< stage name ("stage-2" when unnamed) or the image reference
    QString caption; ///< "#0" for a stage; "external image"
    QString base; ///< what the stage is built FROM
    QString details; ///< "9 instructions", "--platform=linux/arm64"
    QString size; ///< estimated (or measured) size; empty until an estimate exists
    QString toolTip;
    int errors = 0; ///< diagnostics of severity Error in the stage's lines
    int warnings = 0; ///< the other diagnostics there
    bool target = false;
    bool needed = true; ///< the target's build runs this stage (or uses this image)

    friend bool operator==(const NodeContent &, const NodeContent &) = default;
};

struct EdgeContent {
    EdgeKind kind = EdgeKind::From;
    int edge = -1; ///< index into BuildGraph::edges()
    QString sourceKey;
    QString targetKey;
    int instruction = -1; ///< the instruction that makes the edge (index into SyntaxTree::instructions())
    QString label; ///< "FROM builder", "COPY /app/dist", "RUN --mount /root/.cache"
    QString toolTip; ///< the instruction's first line
    bool needed = true;

    friend bool operator==(const EdgeContent &, const EdgeContent &) = default;
};

struct GraphContent {
    QList<NodeContent> nodes; ///< stages in file order, then external images
    QList<EdgeContent> edges; ///< in BuildGraph::edges() order
};

/// Everything the graph shows for `analysis`.
[[nodiscard]] GraphContent graphContent(const Analysis &analysis);

/// graphContent() for one document's successive analyses. A keystroke changes one stage of
/// hundreds; the others' nodes and edges have the same inputs as before, so they keep the
/// content already formatted (their strings are shared, not rebuilt). Same result as
/// graphContent() for every analysis.
class GraphContentBuilder {
public:
    const GraphContent &update(std::shared_ptr<const Analysis> analysis);
    [[nodiscard]] const GraphContent &content() const { return m_content; }

    /// A stage's tooltip lists this many of its diagnostics.
    static constexpr int maxToolTipDiagnostics = 6;
    /// What a stage's node shows of its diagnostics: the counts and the first few, by line.
    struct StageDiagnostics {
        int errors = 0;
        int warnings = 0;
        std::vector<std::pair<int, const LintDiagnostic *>> shown; ///< (line, diagnostic), the first few

        [[nodiscard]] bool sameAs(const StageDiagnostics &other) const;
    };

private:
    std::shared_ptr<const Analysis> m_analysis; ///< the one m_content describes
    GraphContent m_content;
    /// Per stage of m_analysis (pointing into it): gathered once, compared with on the next update.
    std::vector<StageDiagnostics> m_diagnostics;
};

[[nodiscard]] QString stageKey(const Stage &stage);
[[nodiscard]] QString imageKey(const ExternalImage &image);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "graph_renderer.h"

#include "document/dockerfile_document.h"
#include "stage_graph_scene.h"
#include "stage_graph_style.h"

#include <QApplication>
#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

constexpr qreal margin = 24;
constexpr qreal pngScale = 2;

/// Items draw for a picture while this lives.
class ExportScope {
public:
    explicit ExportScope(StageGraphScene &scene)
        : m_scene(scene)
    {
        m_scene.setExporting(true);
    }
    ~ExportScope() { m_scene.setExporting(false); }
    ExportScope(const ExportScope &) = delete;
    ExportScope &operator=(const ExportScope &) = delete;

private:
    StageGraphScene &m_scene;
};

void paintGraph(StageGraphScene &scene, QPainter &painter, const QRectF &source, const QRectF &target)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(target, graphstyle::canvas);
    scene.render(&painter, target, source);
}

} // namespace

QByteArray renderGraph(StageGraphScene &scene, GraphImageFormat format)
{
    ExportScope exporting(scene);
    QRectF source = scene.graphRect();
    if (source.isEmpty())
        source = QRectF(0, 0, 200, 100);
    source.adjust(-margin, -margin, margin, margin);
    // Whole pixels, so the same graph always gives the same picture size.
    source = source.toAlignedRect();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (format == GraphImageFormat::Svg) {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(source.size().toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
        generator.setTitle(u"Build graph"_s);
        generator.setDescription(u"Stages of a Dockerfile, drawn by Stagecraft"_s);
        QPainter painter(&generator);
        paintGraph(scene, painter, source, QRectF(QPointF(0, 0), source.size()));
        painter.end();
    } else {
        QImage image((source.size() * pngScale).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        paintGraph(scene, painter, source, QRectF(QPointF(0, 0), source.size() * pngScale));
        painter.end();
        image.save(&buffer, "PNG");
    }
    return bytes;
}

bool exportGraph(StageGraphScene &scene, const QString &path, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != u"svg" && suffix != u"png") {
        if (error)
            *error = QApplication::translate("StageGraph", "Export as .svg or .png, not .%1").arg(suffix);
        return false;
    }
    const QByteArray bytes = renderGraph(scene, suffix == u"svg" ? GraphImageFormat::Svg : GraphImageFormat::Png);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QApplication::translate("StageGraph", "Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool renderDockerfileGraph(const std::string &bytes, const BuildGraphOptions &options, std::string_view format,
    std::string &output, std::string &error)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        error = "drawing the graph needs the application's graphics (a QApplication)";
        return false;
    }
    if (format != "svg" && format != "png") {
        error = "unknown image format '" + std::string(format) + "'";
        return false;
    }
    // The document holds text with '\n' line ends, as the editor does.
    QString text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    text.replace(u"\r\n"_s, u"\n"_s);
    DockerfileDocument document;
    AnalysisOptions analysisOptions;
    analysisOptions.graph = options;
    document.setAnalysisOptions(analysisOptions);
    document.setText(text);
    StageGraphScene scene(&document);
    scene.layoutNow();
    const QByteArray image = renderGraph(scene, format == "svg" ? GraphImageFormat::Svg : GraphImageFormat::Png);
    output.assign(image.constData(), static_cast<size_t>(image.size()));
    return true;
}

} // namespace stagecraft

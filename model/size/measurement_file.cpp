// SPDX-License-Identifier: MIT
#include "measurement_file.h"

#include <QFile>

namespace stagecraft {

std::optional<Measurement> readMeasurementFile(const QString &path, std::string *error)
{
    auto fail = [&](const std::string &message) -> std::optional<Measurement> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail("cannot open the file: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail("cannot read the file: " + file.errorString().toStdString());
    return parseMeasurement(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), error);
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <iosfwd>
#include <string_view>

namespace stagecraft {

/// The usage lines `stagecraft --help` shows for `size`.
extern const std::string_view sizeCommandUsage;

/// `stagecraft size FILE|- [--context DIR] [--target NAME] [--platform P] [--build-arg K=V]...
/// [--format text|json] [--import FILE] [--image-size REF=SIZE]...`; `arguments` follow the
/// word "size". Prints the size estimate of every stage and of the final image. Exit 0 once
/// an estimate is printed (problems of the file go to standard error), 2 for bad usage or an
/// unreadable file, context or measurement.
int runSizeCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);

} // namespace stagecraft

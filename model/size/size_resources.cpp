// SPDX-License-Identifier: MIT
#include "size_resources.h"

#include <QtCore/qglobal.h>

// Q_INIT_RESOURCE declares the initializer where it is used, so it must be used outside any namespace.
static void initSizeDataResource()
{
    Q_INIT_RESOURCE(stagecraft_size_data);
}

namespace stagecraft {

void initSizeResources()
{
    static const bool done = (initSizeDataResource(), true);
    (void)done;
}

} // namespace stagecraft

#pragma once

#include <QLoggingCategory>

// One category per part, so an operator can enable one part's debug output, e.g.
// QT_LOGGING_RULES="tidemark.core.node.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcNode)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)

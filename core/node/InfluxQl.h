#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace tidemark {

/// The InfluxQL statements `tidemarkd` answers on `/query`.
struct InfluxQlStatement {
    enum class Kind { CreateDatabase, DropDatabase, ShowDatabases };
    Kind kind = Kind::ShowDatabases;
    QString database; ///< For CREATE and DROP.
};

/// Parses `q` of `/query`: statements separated by `;`, keywords case-insensitive, identifiers
/// plain (`[A-Za-z_][A-Za-z0-9_]*`) or double-quoted with `\"` and `\\` escapes.
/// Anything else is an error worded like InfluxDB 1.x ("error parsing query: ...").
class InfluxQl {
    Q_DECLARE_TR_FUNCTIONS(InfluxQl)

public:
    [[nodiscard]] static Result<std::vector<InfluxQlStatement>> parse(const QString &q);
};

} // namespace tidemark

#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace tidemark::ui {

/// How the GUI writes sizes, rates, durations and ages, in the user's locale.
class Units {
    Q_DECLARE_TR_FUNCTIONS(Units)

public:
    [[nodiscard]] static QString bytes(qint64 bytes);
    [[nodiscard]] static QString rate(double bytesPerSecond);
    /// "12 s", "4 min 05 s", "2 h 10 min"; "–" when negative (unknown).
    [[nodiscard]] static QString duration(qint64 seconds);
    /// "just now", "5 min ago", "3 h ago", "2 days ago".
    [[nodiscard]] static QString age(const QDateTime &then, const QDateTime &now);
    [[nodiscard]] static QString dateTime(const QDateTime &utc);
};

} // namespace tidemark::ui

#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tidemark {

/// Which restorable points in time to keep: restic's `forget` rules, over the points of a node's
/// chains (every link of a chain is a point: the chain restored up to that link).
///
/// The points are taken newest first. A count rule (`last`, `hourly`, `daily`, `weekly`,
/// `monthly`, `yearly`) keeps the newest point of each of the N most recent periods that have a
/// point (hour, day, ISO week, month, year, in local time as the operator reads a calendar; `last`:
/// every point is a period of its own); -1 keeps one in every period. `within` keeps every point
/// not older than that long before the newest point (not before now: a node whose backups stopped
/// keeps its history). A point is kept when any rule keeps it; each rule that keeps it gives a reason.
struct RetentionPolicy {
    Q_DECLARE_TR_FUNCTIONS(RetentionPolicy)

public:
    int last = 0;
    int hourly = 0;
    int daily = 0;
    int weekly = 0;
    int monthly = 0;
    int yearly = 0;
    /// `--keep-within`: years, months, days and hours (restic's `1y5m7d2h`); absent: no such rule.
    struct Span {
        int years = 0;
        int months = 0;
        int days = 0;
        int hours = 0;
        friend bool operator==(const Span &, const Span &) = default;
    };
    std::optional<Span> within;

    friend bool operator==(const RetentionPolicy &, const RetentionPolicy &) = default;

    /// Whether no rule is set (such a policy keeps nothing; prune refuses it).
    [[nodiscard]] bool isEmpty() const;
    /// Parses `1y5m7d2h` (any of the four, in that order, each at most once; at least one; a
    /// number ≥ 0 before each letter). Errors name `what` (the option) and say the form.
    [[nodiscard]] static Result<Span> parseSpan(const QString &text, const QString &what);
    /// `1y5m7d2h` again (only the parts that are not 0; `0h` for all zero).
    [[nodiscard]] static QString spanText(const Span &span);
    /// `time` minus `span` (calendar years and months, then days and hours).
    [[nodiscard]] static QDateTime subtract(const QDateTime &time, const Span &span);

    /// Like `--keep-daily 7 --keep-within 30d` (only the rules set), for messages and the GUI.
    [[nodiscard]] QString describe() const;
    /// Stored per node by the GUI: {"last":3,"daily":7,...,"within":"30d"} (only the rules set).
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<RetentionPolicy> fromJson(const QJsonObject &json);

    /// What the policy does with one point.
    struct Decision {
        bool keep = false;
        /// Why it is kept, one per rule that keeps it: "last 3", "hourly 2026-11-28 14:00",
        /// "daily 2026-11-28", "weekly 2026-W48", "monthly 2026-11", "yearly 2026",
        /// "within 30d". Empty when it is not kept.
        QStringList reasons;
    };
    /// The decision for each of `points` (any order; the result is in the same order). Points at
    /// the same time count as one period entry each for `last`; for the period rules the first of
    /// equal times in `points` wins its period.
    [[nodiscard]] std::vector<Decision> apply(const std::vector<QDateTime> &points) const;
};

} // namespace tidemark

#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>
#include <QMap>
#include <QString>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace tidemark {

/// One field value of an exported point (the kinds' own value types stay in their folders).
struct ExportValue {
    enum class Type { Float, Integer, Unsigned, Boolean, String };
    Type type = Type::Float;
    double f = 0;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    bool b = false;
    QByteArray s; ///< Unescaped string content.
};

/// One point as a chain holds it, every name unescaped: tags sorted by key, fields by key.
struct ExportPoint {
    QByteArray measurement;
    std::vector<std::pair<QByteArray, QByteArray>> tags;
    std::vector<std::pair<QByteArray, ExportValue>> fields;
    std::int64_t time = 0; ///< Nanoseconds since the epoch.
};

/// The formats of `tidemark-cli export --format`.
enum class ExportFormat { LineProtocol, Csv };

/// Writes exported points to a device as they come, through a buffer of about 1 MiB (so memory
/// stays bounded), and counts them per measurement.
///
/// - Line protocol (`lp`): InfluxDB 1.x's, one point a line: measurement and tag keys and values
///   with `,` and ` ` (and `=` in keys and tag values) escaped by `\`, fields sorted by key
///   (floats in their shortest form that reads back to the same double, integers with `i`,
///   unsigned with `u`, booleans `true`/`false`, strings quoted with `"` and `\` escaped), the
///   time in nanoseconds. What `tidemarkd`'s and influxd's `/write` read back as the same points.
/// - CSV (`csv`), as `influx -format csv` writes it: a header line `name,tags,time,<field keys…>`
///   whenever the measurement or its set of field keys changes from the row before, then one row
///   per point: the measurement, its tags as `key=value` pairs joined by `,` (escaped as in line
///   protocol), the time in nanoseconds and each field's value (empty where the point has none;
///   numbers as in line protocol without their `i`/`u`, booleans `true`/`false`, strings as
///   they are). Cells holding `,`, `"`, CR or LF are quoted as RFC 4180 says (`"` doubled);
///   lines end with LF. The field types are not in CSV: line protocol is the lossless format.
class PointWriter {
    Q_DECLARE_TR_FUNCTIONS(PointWriter)

public:
    PointWriter(ExportFormat format, QIODevice *device, QString deviceName);
    virtual ~PointWriter() = default;
    Q_DISABLE_COPY_MOVE(PointWriter)

    /// Virtual so a front end can take the points some other way (the GUI counts them per time
    /// bucket for its plot, ui/PointCounter); the sessions call nothing else of the writer.
    [[nodiscard]] virtual Status write(const ExportPoint &point);
    /// Writes what is buffered.
    [[nodiscard]] Status flush();

    [[nodiscard]] qint64 points() const { return m_points; }
    /// Points written per measurement (unescaped name).
    [[nodiscard]] const QMap<QString, qint64> &perMeasurement() const { return m_perMeasurement; }

    /// `lp` or `csv`; Usage error naming `--format` otherwise.
    [[nodiscard]] static Result<ExportFormat> parseFormat(const QString &text);
    /// The line protocol of one point, with its LF.
    [[nodiscard]] static QByteArray lineProtocol(const ExportPoint &point);

private:
    static void appendLineProtocol(QByteArray &out, const ExportPoint &point);
    void appendCsv(const ExportPoint &point);

    ExportFormat m_format;
    QIODevice *m_device;
    QString m_deviceName;
    QByteArray m_buffer;
    QByteArray m_header; ///< The CSV columns of the row before: measurement and field keys.
    qint64 m_points = 0;
    QMap<QString, qint64> m_perMeasurement;
    QByteArray m_lastMeasurement;
    qint64 *m_lastCount = nullptr;
};

} // namespace tidemark

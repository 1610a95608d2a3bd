#include "browse/PointWriter.h"

#include <charconv>

namespace tidemark {

namespace {

constexpr qsizetype kFlushAt = 1 << 20;

void appendEscaped(QByteArray &out, const QByteArray &text, bool equalsToo)
{
    for (const char c : text) {
        if (c == ',' || c == ' ' || (equalsToo && c == '='))
            out.append('\\');
        out.append(c);
    }
}

void appendNumber(QByteArray &out, double value)
{
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, value); // Shortest that reads back the same.
    out.append(text, result.ptr - text);
}

void appendValue(QByteArray &out, const ExportValue &value, bool typed)
{
    switch (value.type) {
    case ExportValue::Type::Float:
        appendNumber(out, value.f);
        break;
    case ExportValue::Type::Integer:
        out.append(QByteArray::number(static_cast<qlonglong>(value.i)));
        if (typed)
            out.append('i');
        break;
    case ExportValue::Type::Unsigned:
        out.append(QByteArray::number(static_cast<qulonglong>(value.u)));
        if (typed)
            out.append('u');
        break;
    case ExportValue::Type::Boolean:
        out.append(value.b ? "true" : "false");
        break;
    case ExportValue::Type::String:
        if (!typed) {
            out.append(value.s);
            break;
        }
        out.append('"');
        for (const char c : value.s) {
            if (c == '"' || c == '\\')
                out.append('\\');
            out.append(c);
        }
        out.append('"');
        break;
    }
}

void appendTags(QByteArray &out, const ExportPoint &point, bool leadingComma)
{
    bool first = !leadingComma;
    for (const auto &[key, value] : point.tags) {
        if (!first)
            out.append(',');
        first = false;
        appendEscaped(out, key, true);
        out.append('=');
        appendEscaped(out, value, true);
    }
}

void appendCell(QByteArray &out, const QByteArray &cell)
{
    bool quote = false;
    for (const char c : cell)
        quote = quote || c == ',' || c == '"' || c == '\r' || c == '\n';
    if (!quote) {
        out.append(cell);
        return;
    }
    out.append('"');
    for (const char c : cell) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

} // namespace

PointWriter::PointWriter(ExportFormat format, QIODevice *device, QString deviceName)
    : m_format(format), m_device(device), m_deviceName(std::move(deviceName))
{
    m_buffer.reserve(kFlushAt + 4096);
}

Result<ExportFormat> PointWriter::parseFormat(const QString &text)
{
    if (text == QLatin1String("lp") || text == QLatin1String("line-protocol"))
        return ExportFormat::LineProtocol;
    if (text == QLatin1String("csv"))
        return ExportFormat::Csv;
    return makeError(ErrorCode::Usage, tr("--format '%1' is not a format export writes").arg(text),
                     tr("Give --format lp (line protocol, the default) or --format csv."));
}

QByteArray PointWriter::lineProtocol(const ExportPoint &point)
{
    QByteArray out;
    appendLineProtocol(out, point);
    return out;
}

void PointWriter::appendLineProtocol(QByteArray &out, const ExportPoint &point)
{
    appendEscaped(out, point.measurement, false);
    appendTags(out, point, true);
    out.append(' ');
    bool first = true;
    for (const auto &[key, value] : point.fields) {
        if (!first)
            out.append(',');
        first = false;
        appendEscaped(out, key, true);
        out.append('=');
        appendValue(out, value, true);
    }
    out.append(' ');
    out.append(QByteArray::number(static_cast<qlonglong>(point.time)));
    out.append('\n');
}

void PointWriter::appendCsv(const ExportPoint &point)
{
    QByteArray header = point.measurement;
    for (const auto &field : point.fields) {
        header.append('\0');
        header.append(field.first);
    }
    if (header != m_header) {
        m_header = header;
        m_buffer.append("name,tags,time");
        for (const auto &field : point.fields) {
            m_buffer.append(',');
            appendCell(m_buffer, field.first);
        }
        m_buffer.append('\n');
    }
    appendCell(m_buffer, point.measurement);
    m_buffer.append(',');
    QByteArray tags;
    appendTags(tags, point, false);
    appendCell(m_buffer, tags);
    m_buffer.append(',');
    m_buffer.append(QByteArray::number(static_cast<qlonglong>(point.time)));
    for (const auto &field : point.fields) {
        m_buffer.append(',');
        QByteArray cell;
        appendValue(cell, field.second, false);
        appendCell(m_buffer, cell);
    }
    m_buffer.append('\n');
}

Status PointWriter::write(const ExportPoint &point)
{
    if (m_format == ExportFormat::LineProtocol)
        appendLineProtocol(m_buffer, point); // Straight into the buffer: no line of its own.
    else
        appendCsv(point);
    ++m_points;
    if (!m_lastCount || point.measurement != m_lastMeasurement) {
        m_lastMeasurement = point.measurement;
        m_lastCount = &m_perMeasurement[QString::fromUtf8(point.measurement)];
    }
    ++*m_lastCount;
    if (m_buffer.size() >= kFlushAt)
        return flush();
    return {};
}

Status PointWriter::flush()
{
    if (m_buffer.isEmpty())
        return {};
    if (m_device->write(m_buffer) != m_buffer.size())
        return makeError(ErrorCode::Io, tr("Cannot write to %1: %2").arg(m_deviceName, m_device->errorString()),
                         tr("Check free space and permissions where the export goes."));
    m_buffer.clear();
    return {};
}

} // namespace tidemark

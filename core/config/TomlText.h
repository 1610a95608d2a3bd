#pragma once

#include <QString>

namespace tidemark {

/// `text` as a TOML basic string, quotes included: `"`, `\` and control characters escaped. For the
/// files Tidemark writes (a node's config, a schedule's definition).
[[nodiscard]] inline QString tomlString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + QString(c);
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + QLatin1Char('"');
}

} // namespace tidemark

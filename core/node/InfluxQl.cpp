#include "node/InfluxQl.h"

namespace tidemark {

namespace {

struct Token {
    enum class Type { Word, Quoted, Semicolon, End, Bad };
    Type type = Type::End;
    QString text;
    qsizetype pos = 0;
};

class Lexer {
public:
    explicit Lexer(const QString &q) : m_q(q) {}

    Token next()
    {
        while (m_pos < m_q.size() && m_q[m_pos].isSpace())
            ++m_pos;
        Token t;
        t.pos = m_pos;
        if (m_pos >= m_q.size())
            return t;
        const QChar c = m_q[m_pos];
        if (c == QLatin1Char(';')) {
            ++m_pos;
            t.type = Token::Type::Semicolon;
            return t;
        }
        if (c == QLatin1Char('"'))
            return quoted(t);
        if (c.isLetter() || c == QLatin1Char('_')) {
            while (m_pos < m_q.size() && (m_q[m_pos].isLetterOrNumber() || m_q[m_pos] == QLatin1Char('_')))
                t.text.append(m_q[m_pos++]);
            t.type = Token::Type::Word;
            return t;
        }
        t.type = Token::Type::Bad;
        t.text = c;
        ++m_pos;
        return t;
    }

private:
    Token quoted(Token t)
    {
        ++m_pos;
        while (m_pos < m_q.size()) {
            const QChar c = m_q[m_pos++];
            if (c == QLatin1Char('"')) {
                t.type = Token::Type::Quoted;
                return t;
            }
            if (c == QLatin1Char('\\') && m_pos < m_q.size() &&
                (m_q[m_pos] == QLatin1Char('"') || m_q[m_pos] == QLatin1Char('\\'))) {
                t.text.append(m_q[m_pos++]);
                continue;
            }
            t.text.append(c);
        }
        t.type = Token::Type::Bad;
        t.text = QStringLiteral("unterminated quoted identifier");
        return t;
    }

    const QString &m_q;
    qsizetype m_pos = 0;
};

bool isKeyword(const Token &t, const char *keyword)
{
    return t.type == Token::Type::Word && t.text.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0;
}

QString describe(const Token &t)
{
    switch (t.type) {
    case Token::Type::End:
        return QStringLiteral("EOF");
    case Token::Type::Semicolon:
        return QStringLiteral(";");
    default:
        return t.text;
    }
}

Error parseError(const Token &found, const QString &expected)
{
    return makeError(ErrorCode::Usage, InfluxQl::tr("error parsing query: found %1, expected %2 at char %3")
                                           .arg(describe(found), expected)
                                           .arg(found.pos + 1));
}

} // namespace

Result<std::vector<InfluxQlStatement>> InfluxQl::parse(const QString &q)
{
    std::vector<InfluxQlStatement> statements;
    Lexer lexer(q);
    Token t = lexer.next();
    while (t.type != Token::Type::End) {
        if (t.type == Token::Type::Semicolon) {
            t = lexer.next();
            continue;
        }
        InfluxQlStatement statement;
        if (isKeyword(t, "SHOW")) {
            t = lexer.next();
            if (!isKeyword(t, "DATABASES"))
                return parseError(t, QStringLiteral("DATABASES (tidemarkd answers SHOW DATABASES only)"));
            statement.kind = InfluxQlStatement::Kind::ShowDatabases;
        } else if (isKeyword(t, "CREATE") || isKeyword(t, "DROP")) {
            statement.kind = isKeyword(t, "CREATE") ? InfluxQlStatement::Kind::CreateDatabase
                                                    : InfluxQlStatement::Kind::DropDatabase;
            t = lexer.next();
            if (!isKeyword(t, "DATABASE"))
                return parseError(t, QStringLiteral("DATABASE"));
            t = lexer.next();
            if (t.type != Token::Type::Word && t.type != Token::Type::Quoted)
                return parseError(t, QStringLiteral("identifier"));
            if (t.text.isEmpty())
                return makeError(ErrorCode::Usage, tr("database name required"));
            statement.database = t.text;
        } else {
            return parseError(t, QStringLiteral("CREATE, DROP or SHOW (tidemarkd answers CREATE DATABASE, "
                                                "DROP DATABASE and SHOW DATABASES)"));
        }
        t = lexer.next();
        if (t.type != Token::Type::Semicolon && t.type != Token::Type::End)
            return parseError(t, QStringLiteral("; or EOF"));
        statements.push_back(statement);
    }
    if (statements.empty())
        return makeError(ErrorCode::Usage, tr("missing required parameter \"q\""));
    return statements;
}

} // namespace tidemark

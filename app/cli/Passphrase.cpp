#include "cli/Passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

namespace tidemark::cli {

namespace {

// One line from the terminal `fd` with echo off, into guarded memory.
std::optional<SecretBytes> readHidden(int fd, const QByteArray &question)
{
    if (::write(fd, question.constData(), static_cast<size_t>(question.size())) < 0)
        return std::nullopt;
    termios saved{};
    const bool isTerminal = ::tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        (void)::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    SecretBytes line(1024);
    std::size_t length = 0;
    char c = 0;
    while (length < line.size() && ::read(fd, &c, 1) == 1 && c != '\n')
        line.data()[length++] = static_cast<unsigned char>(c);
    c = 0;
    if (isTerminal)
        (void)::tcsetattr(fd, TCSAFLUSH, &saved);
    if (length > 0 && line.data()[length - 1] == '\r')
        --length;
    if (length == 0)
        return std::nullopt;
    return SecretBytes::fromBytes(line.view().first(static_cast<qsizetype>(length)));
}

} // namespace

bool haveTerminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}

std::optional<KeySecret> askPassphrase(const QString &question, bool confirm)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    auto first = readHidden(fd, question.toUtf8());
    std::optional<KeySecret> secret;
    if (first) {
        if (!confirm) {
            secret = KeySecret{KeySecret::Kind::Passphrase, std::move(*first),
                               QStringLiteral("the passphrase typed on the terminal")};
        } else if (auto again = readHidden(fd, QByteArrayLiteral("The same passphrase again: "));
                   again && again->equals(*first)) {
            secret = KeySecret{KeySecret::Kind::Passphrase, std::move(*first),
                               QStringLiteral("the passphrase typed on the terminal")};
        } else {
            static const char differ[] = "The two passphrases differ.\n";
            (void)!::write(fd, differ, sizeof differ - 1);
        }
    }
    ::close(fd);
    return secret;
}

KdfOptions::KdfOptions(QCommandLineParser &parser)
    : m_parser(parser),
      m_memory(QStringLiteral("kdf-memory"),
               QStringLiteral("For a new passphrase key: Argon2id's memory in MiB, 8 to 4096 (default %1; more is "
                              "slower to guess, and every opening of the chain needs it).")
                   .arg(KdfParams{}.memoryBytes >> 20),
               QStringLiteral("MIB")),
      m_passes(
          QStringLiteral("kdf-passes"),
          QStringLiteral("For a new passphrase key: Argon2id's passes, 1 to 64 (default %1).").arg(KdfParams{}.passes),
          QStringLiteral("N"))
{
    m_parser.addOptions({m_memory, m_passes});
}

std::optional<KdfParams> KdfOptions::parse(const QString &command, QTextStream &err) const
{
    KdfParams kdf;
    if (m_parser.isSet(m_memory)) {
        bool ok = false;
        const qint64 mib = m_parser.value(m_memory).toLongLong(&ok);
        if (!ok || mib < static_cast<qint64>(KdfParams::kMinMemoryBytes >> 20) ||
            mib > static_cast<qint64>(KdfParams::kMaxMemoryBytes >> 20)) {
            err << command << ": --kdf-memory takes MiB from 8 to 4096, e.g. --kdf-memory 256\n" << Qt::flush;
            return std::nullopt;
        }
        kdf.memoryBytes = static_cast<quint64>(mib) << 20;
    }
    if (m_parser.isSet(m_passes)) {
        bool ok = false;
        const qint64 passes = m_parser.value(m_passes).toLongLong(&ok);
        if (!ok || passes < static_cast<qint64>(KdfParams::kMinPasses) ||
            passes > static_cast<qint64>(KdfParams::kMaxPasses)) {
            err << command << ": --kdf-passes takes a whole number from 1 to 64\n" << Qt::flush;
            return std::nullopt;
        }
        kdf.passes = static_cast<quint64>(passes);
    }
    return kdf;
}

} // namespace tidemark::cli

#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace tidemark {

/// The one table of error codes. The command-line exit code is the error code, so the numbers
/// are part of the public interface: never renumber, only add.
enum class ErrorCode : int {
    Ok = 0,
    Failure = 1,           ///< Unspecified failure (should not be seen; report it as a bug).
    Usage = 2,             ///< Wrong command-line arguments.
    Config = 3,            ///< A configuration file is missing, malformed or has a bad value.
    Connection = 4,        ///< The node could not be reached or the connection broke.
    Auth = 5,              ///< The node refused our credentials (401).
    SnapshotsDisabled = 6, ///< The node has `[snapshot] enabled = false` (404).
    Integrity = 7,         ///< A checksum, size or structure check failed.
    Io = 8,                ///< Reading or writing a local file failed (permissions, disk full...).
    Busy = 9,              ///< The node is busy (409) or a directory is locked by another process.
    Protocol = 10,         ///< The peer sent bytes that break the protocol.
    State = 11,            ///< The stored state is inconsistent (e.g. broker index below data index).
    NotFound = 12,         ///< A named database, retention policy or file does not exist.
    Cancelled = 13,        ///< The user cancelled the job.
    Conflict = 14,         ///< What an online restore would write exists on the node (`--on-conflict fail`).
};

/// A user-facing error: what failed, on what, and (optionally) what to do about it.
struct Error {
    ErrorCode code = ErrorCode::Failure;
    QString message; ///< One sentence naming the file, key or host involved.
    QString hint;    ///< What the operator can do; empty when there is nothing useful to say.

    /// The message followed by a `HINT:` line when there is a hint.
    [[nodiscard]] QString toString() const
    {
        return hint.isEmpty() ? message : message + QStringLiteral("\nHINT: ") + hint;
    }
};

/// A value or an Error, returned by plain functions (no exceptions cross our code).
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T &value() { return std::get<T>(m_state); }
    [[nodiscard]] const T &value() const { return std::get<T>(m_state); }
    [[nodiscard]] T takeValue() { return std::move(std::get<T>(m_state)); }
    [[nodiscard]] const Error &error() const { return std::get<Error>(m_state); }

    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that has no value.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, QString message, QString hint = {})
{
    return Error{code, std::move(message), std::move(hint)};
}

} // namespace tidemark

#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace tidemark {

/// Frame types of the snapshot protocol (see core/protocol/README.md).
enum class FrameType : std::uint8_t {
    Hello = 0x01,    ///< node → client, JSON: protocol version, node, nonce, auth scheme.
    Request = 0x02,  ///< client → node, JSON: command, auth proof, manifest.
    Response = 0x03, ///< node → client, JSON: status and answer.
    Data = 0x04,     ///< node → client, archive bytes; client → node, shard files of an import.
    End = 0x05,      ///< Either way, JSON: final status of the stream (an import's last word both ways).
};

struct Frame {
    FrameType type = FrameType::Hello;
    QByteArray payload;
};

/// Size limits, enforced before any payload byte is buffered.
struct FrameLimits {
    static constexpr std::uint32_t kMaxJson = 17 * 1024 * 1024; ///< A manifest of 16 MiB plus room.
    static constexpr std::uint32_t kMaxData = 1024 * 1024;
    static constexpr int kHeaderBytes = 5;
    /// The limit for a frame type; 0 for unknown types.
    [[nodiscard]] static std::uint32_t maxPayload(std::uint8_t type);
};

/// Encodes one frame: type (1 byte), payload length (4 bytes big-endian), payload.
[[nodiscard]] QByteArray encodeFrame(FrameType type, const QByteArray &payload);

/// Decodes frames from bytes as they arrive, in any split, without touching a socket.
///
/// process() consumes from the front of a buffer; after each call, state() says whether a frame
/// is ready (take it with takeFrame()), more bytes are needed, or the bytes are bad (unknown
/// type, a length over the type's limit): the caller answers 400 and closes. Memory is bounded by
/// the limits: a huge declared length is refused from the 5-byte header alone.
class FrameReader {
public:
    enum class State { NeedMore, FrameReady, Failed };

    void process(QByteArray &buffer);
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] Frame takeFrame();
    [[nodiscard]] const QString &errorMessage() const { return m_error; }

private:
    State m_state = State::NeedMore;
    bool m_haveHeader = false;
    std::uint8_t m_type = 0;
    std::uint32_t m_length = 0;
    QByteArray m_payload;
    QString m_error;
};

} // namespace tidemark

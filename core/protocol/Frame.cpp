#include "protocol/Frame.h"

namespace tidemark {

std::uint32_t FrameLimits::maxPayload(std::uint8_t type)
{
    switch (static_cast<FrameType>(type)) {
    case FrameType::Hello:
    case FrameType::Request:
    case FrameType::Response:
    case FrameType::End:
        return kMaxJson;
    case FrameType::Data:
        return kMaxData;
    }
    return 0;
}

QByteArray encodeFrame(FrameType type, const QByteArray &payload)
{
    QByteArray out;
    out.reserve(FrameLimits::kHeaderBytes + payload.size());
    const auto length = static_cast<std::uint32_t>(payload.size());
    out.append(static_cast<char>(type));
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(static_cast<char>((length >> shift) & 0xff));
    out.append(payload);
    return out;
}

void FrameReader::process(QByteArray &buffer)
{
    if (m_state != State::NeedMore)
        return;
    if (!m_haveHeader) {
        if (buffer.size() < FrameLimits::kHeaderBytes)
            return;
        m_type = static_cast<std::uint8_t>(buffer[0]);
        m_length = 0;
        for (int i = 1; i < FrameLimits::kHeaderBytes; ++i)
            m_length = (m_length << 8) | static_cast<unsigned char>(buffer[i]);
        buffer.remove(0, FrameLimits::kHeaderBytes);
        const std::uint32_t limit = FrameLimits::maxPayload(m_type);
        if (limit == 0) {
            m_state = State::Failed;
            m_error = QStringLiteral("unknown frame type 0x%1").arg(m_type, 2, 16, QLatin1Char('0'));
            return;
        }
        if (m_length > limit) {
            m_state = State::Failed;
            m_error = QStringLiteral("frame of type 0x%1 declares %2 bytes, over the limit of %3")
                          .arg(m_type, 2, 16, QLatin1Char('0'))
                          .arg(m_length)
                          .arg(limit);
            return;
        }
        m_haveHeader = true;
        m_payload.clear();
        m_payload.reserve(static_cast<qsizetype>(std::min<std::uint32_t>(m_length, 1 << 20)));
    }
    const qsizetype wanted = static_cast<qsizetype>(m_length) - m_payload.size();
    const qsizetype n = std::min(wanted, buffer.size());
    m_payload.append(buffer.constData(), n);
    buffer.remove(0, n);
    if (m_payload.size() == static_cast<qsizetype>(m_length))
        m_state = State::FrameReady;
}

Frame FrameReader::takeFrame()
{
    Frame frame{static_cast<FrameType>(m_type), std::move(m_payload)};
    m_payload = QByteArray();
    m_haveHeader = false;
    m_state = State::NeedMore;
    return frame;
}

} // namespace tidemark

#pragma once

#include "node/HttpServer.h"

#include <QCoreApplication>

namespace tidemark {

class DataNode;

/// The InfluxDB 1.x compatible HTTP API of `tidemarkd`, as a request → response function:
/// `GET|HEAD /ping` (204), `POST /write?db=&rp=&precision=` (line protocol; 204, 400 with the
/// line number, 404 unknown database, 413 too large), `GET|POST /query?q=` for CREATE DATABASE,
/// DROP DATABASE and SHOW DATABASES with 1.x's JSON result shape.
class NodeHttpApi {
    Q_DECLARE_TR_FUNCTIONS(NodeHttpApi)

public:
    explicit NodeHttpApi(DataNode &node) : m_node(node) {}

    [[nodiscard]] HttpResponse handle(const HttpRequest &request);
    /// Headers every response carries (`X-Influxdb-Version`, ...).
    [[nodiscard]] static QList<QPair<QByteArray, QByteArray>> commonHeaders();

private:
    [[nodiscard]] HttpResponse write(const HttpRequest &request);
    [[nodiscard]] HttpResponse query(const HttpRequest &request);

    DataNode &m_node;
};

} // namespace tidemark

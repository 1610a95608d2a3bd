#include "common/Log.h"

Q_LOGGING_CATEGORY(lcNode, "tidemark.core.node", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "tidemark.core.http", QtInfoMsg)

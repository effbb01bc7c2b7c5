#include "jsontreemodel.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QBrush>
#include <QtGui/QColor>

namespace {
constexpr int kMaxDisplayChars = 500;
constexpr int kMaxToolTipChars = 4000;

QString elided(const QString &text, int maxChars)
{
    if (text.size() <= maxChars)
        return text;
    return text.left(maxChars) + QChar(0x2026);
}

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    for (const QChar c : key) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('_') && c != QLatin1Char('$'))
            return false;
    }
    return true;
}
} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
    m_root->value = QJsonValue(QJsonValue::Undefined);
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setJson(const QJsonValue &value)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->value = value;
    endResetModel();
}

QJsonValue JsonTreeModel::json() const
{
    return m_root->value;
}

QJsonValue JsonTreeModel::valueAt(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    return node ? node->value : QJsonValue(QJsonValue::Undefined);
}

QString JsonTreeModel::pathAt(const QModelIndex &index) const
{
    QString path;
    for (const Node *node = nodeOf(index); node && node != m_root.get(); node = node->parent) {
        if (node->arrayIndex >= 0) {
            path.prepend(QStringLiteral("[%1]").arg(node->arrayIndex));
        } else if (node->parent == m_root.get() && !m_root->value.isObject()) {
            break; // the one row of a scalar at the top
        } else if (isIdentifier(node->key)) {
            path.prepend(QLatin1Char('.') + node->key);
        } else {
            path.prepend(QLatin1Char('[') + toCompactJson(node->key) + QLatin1Char(']'));
        }
    }
    return path;
}

QString JsonTreeModel::toCompactJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        return QString();
    default: {
        // Qt writes scalars only inside a document; this keeps its exact number formatting.
        const QByteArray wrapped
                = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.constData() + 1, wrapped.size() - 2);
    }
    }
}

QString JsonTreeModel::toIndentedJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented))
                .trimmed();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented))
                .trimmed();
    default:
        return toCompactJson(value);
    }
}

QString JsonTreeModel::typeName(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::Null:
        return tr("null");
    case QJsonValue::Bool:
        return tr("boolean");
    case QJsonValue::Double:
        return tr("number");
    case QJsonValue::String:
        return tr("string");
    case QJsonValue::Array:
        return tr("array");
    case QJsonValue::Object:
        return tr("object");
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return static_cast<Node *>(index.internalPointer());
}

int JsonTreeModel::childCountOf(const QJsonValue &value)
{
    if (value.isObject())
        return int(value.toObject().size());
    if (value.isArray())
        return int(value.toArray().size());
    return 0;
}

const std::vector<std::unique_ptr<JsonTreeModel::Node>> &JsonTreeModel::childrenOf(Node *node) const
{
    if (node->populated)
        return node->children;
    node->populated = true;
    const auto addChild = [node](const QString &key, int arrayIndex, const QJsonValue &value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->arrayIndex = arrayIndex;
        child->value = value;
        child->parent = node;
        child->row = int(node->children.size());
        node->children.push_back(std::move(child));
    };
    if (node->value.isObject()) {
        const QJsonObject object = node->value.toObject();
        node->children.reserve(size_t(object.size()));
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            addChild(it.key(), -1, it.value());
    } else if (node->value.isArray()) {
        const QJsonArray array = node->value.toArray();
        node->children.reserve(size_t(array.size()));
        for (int i = 0; i < array.size(); ++i)
            addChild(QString(), i, array.at(i));
    } else if (node == m_root.get() && !node->value.isUndefined()) {
        addChild(QString(), -1, node->value);
    }
    return node->children;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    Node *parentNode = parent.isValid() ? nodeOf(parent) : m_root.get();
    const auto &children = childrenOf(parentNode);
    if (size_t(row) >= children.size())
        return QModelIndex();
    return createIndex(row, column, children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    if (!node || !node->parent || node->parent == m_root.get())
        return QModelIndex();
    return createIndex(node->parent->row, 0, node->parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    if (!parent.isValid()) {
        const QJsonValue &top = m_root->value;
        if (top.isObject() || top.isArray())
            return childCountOf(top);
        return top.isUndefined() ? 0 : 1;
    }
    const Node *node = nodeOf(parent);
    return node ? childCountOf(node->value) : 0;
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const Node *node = nodeOf(index);
    const QJsonValue &value = node->value;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return node->arrayIndex >= 0 ? QStringLiteral("[%1]").arg(node->arrayIndex) : node->key;
        case ValueColumn:
            if (value.isObject())
                return QStringLiteral("{%1}").arg(childCountOf(value));
            if (value.isArray())
                return QStringLiteral("[%1]").arg(childCountOf(value));
            if (value.isString())
                return elided(value.toString(), kMaxDisplayChars);
            return toCompactJson(value);
        case TypeColumn:
            return typeName(value.type());
        }
        return QVariant();
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn)
            return elided(toCompactJson(value), kMaxToolTipChars);
        if (index.column() == KeyColumn)
            return pathAt(index);
        return QVariant();
    case Qt::ForegroundRole:
        if (index.column() != ValueColumn)
            return QVariant();
        switch (value.type()) {
        case QJsonValue::String:
            return QBrush(QColor(0x0b, 0x7a, 0x3e));
        case QJsonValue::Double:
            return QBrush(QColor(0x1a, 0x4f, 0xb0));
        case QJsonValue::Bool:
        case QJsonValue::Null:
            return QBrush(QColor(0x8a, 0x2b, 0x8e));
        default:
            return QBrush(QColor(0x70, 0x70, 0x70));
        }
    case JsonValueRole:
        return QVariant::fromValue(value);
    case PathRole:
        return pathAt(index);
    default:
        return QVariant();
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return QVariant();
    }
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    const Node *node = nodeOf(index);
    if (!node->value.isObject() && !node->value.isArray())
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

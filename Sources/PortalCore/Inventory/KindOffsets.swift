/// Start positions of each object kind in arrays that hold every inventory object, kind after kind.
struct KindOffsets: Sendable {
    let region: Int
    let cluster: Int
    let server: Int
    let service: Int
    let process: Int
    let dataset: Int
    let total: Int

    /// `counts` in `ObjectKind.rank` order.
    init(counts: [Int]) {
        region = 0
        cluster = counts[0]
        server = cluster + counts[1]
        service = server + counts[2]
        process = service + counts[3]
        dataset = process + counts[4]
        total = dataset + counts[5]
    }

    @inline(__always)
    func base(_ kind: ObjectKind) -> Int {
        switch kind {
        case .region: region
        case .cluster: cluster
        case .server: server
        case .service: service
        case .process: process
        case .dataset: dataset
        }
    }

    @inline(__always)
    func flat(_ node: DenseRef) -> Int { base(node.kind) + node.slot }

    func count(_ kind: ObjectKind) -> Int {
        let next = kind == .dataset ? total : base(ObjectKind.allCases[kind.rank + 1])
        return next - base(kind)
    }
}

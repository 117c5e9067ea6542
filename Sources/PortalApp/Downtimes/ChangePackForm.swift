import PortalCore

/// The "Change pack" fieldset of the downtime form: the typed values and the risk choices.
struct ChangePackForm {
    let risks: [ListPage.Option]
    let implementationPlan: String
    let testPlan: String
    let backoutPlan: String
    let approvers: String
    let planLimit = ChangePack.planLimit

    init(_ input: ChangePackInput?) {
        let input = input ?? ChangePackInput()
        let chosen = input.risk.trimmingCharacters(in: .whitespaces).lowercased()
        risks = [ListPage.Option(value: "", label: "Not assessed", selected: chosen.isEmpty)]
            + ChangeRisk.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == chosen) }
        implementationPlan = input.implementationPlan
        testPlan = input.testPlan
        backoutPlan = input.backoutPlan
        approvers = input.approvers
    }
}

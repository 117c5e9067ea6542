/// Words the synthetic inventory is made of, chosen to read like a real estate of machines and teams.
enum GeneratorVocabulary {
    struct Zone {
        let name: String
        let description: String
        /// (site code, city)
        let cities: [(String, String)]
    }

    struct Continent {
        let name: String
        let description: String
        let zones: [Zone]
        let timeZones: [String]
        let phonePrefixes: [String]
    }

    static let continents: [Continent] = [
        Continent(name: "eu", description: "Europe", zones: [
            Zone(name: "eu-west", description: "Western Europe",
                 cities: [("ams", "Amsterdam"), ("lon", "London"), ("dub", "Dublin"), ("par", "Paris")]),
            Zone(name: "eu-central", description: "Central Europe",
                 cities: [("fra", "Frankfurt"), ("muc", "Munich"), ("zrh", "Zurich"), ("vie", "Vienna")]),
            Zone(name: "eu-north", description: "Northern Europe",
                 cities: [("sto", "Stockholm"), ("hel", "Helsinki"), ("osl", "Oslo"), ("cph", "Copenhagen")]),
            Zone(name: "eu-south", description: "Southern Europe",
                 cities: [("mad", "Madrid"), ("mil", "Milan"), ("lis", "Lisbon"), ("ath", "Athens")]),
        ], timeZones: ["Europe/Amsterdam", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
                       "Europe/Stockholm", "Europe/Zurich", "Europe/Dublin"],
           phonePrefixes: ["+31", "+44", "+33", "+49", "+34", "+46", "+41", "+353"]),
        Continent(name: "na", description: "North America", zones: [
            Zone(name: "na-east", description: "US East",
                 cities: [("nyc", "New York"), ("iad", "Ashburn"), ("bos", "Boston"), ("atl", "Atlanta")]),
            Zone(name: "na-west", description: "US West",
                 cities: [("sfo", "San Francisco"), ("sea", "Seattle"), ("lax", "Los Angeles"), ("pdx", "Portland")]),
            Zone(name: "na-central", description: "US Central",
                 cities: [("ord", "Chicago"), ("dfw", "Dallas"), ("den", "Denver"), ("msp", "Minneapolis")]),
        ], timeZones: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto"],
           phonePrefixes: ["+1"]),
        Continent(name: "ap", description: "Asia Pacific", zones: [
            Zone(name: "ap-south", description: "South Asia",
                 cities: [("bom", "Mumbai"), ("del", "Delhi"), ("blr", "Bangalore"), ("maa", "Chennai")]),
            Zone(name: "ap-east", description: "East Asia",
                 cities: [("tyo", "Tokyo"), ("osa", "Osaka"), ("icn", "Seoul"), ("hkg", "Hong Kong")]),
            Zone(name: "ap-southeast", description: "South-East Asia and Oceania",
                 cities: [("sin", "Singapore"), ("syd", "Sydney"), ("jkt", "Jakarta"), ("mnl", "Manila")]),
        ], timeZones: ["Asia/Tokyo", "Asia/Singapore", "Asia/Kolkata", "Australia/Sydney", "Asia/Seoul", "Asia/Hong_Kong"],
           phonePrefixes: ["+81", "+65", "+91", "+61", "+82", "+852"]),
    ]

    static let clusterPrefixes = ["db", "web", "app", "k8s", "cache", "mq", "search", "batch", "etl", "fs", "lb", "vm"]

    static let serviceDomains = [
        "payroll", "billing", "auth", "identity", "search", "catalog", "orders", "inventory", "shipping", "pricing",
        "payments", "ledger", "crm", "hr", "mail", "dns", "ldap", "monitoring", "logging", "metrics", "reporting",
        "analytics", "recommend", "checkout", "cart", "profile", "notify", "sms", "fraud", "risk", "kyc", "loyalty",
        "media", "cdn", "backup", "vault", "scheduler", "gateway", "portal", "invoicing",
    ]

    static let serviceSuffixes = ["api", "db", "worker", "web", "cache", "queue", "batch", "etl", "sync", "admin", "gateway", "stream"]

    static let processNames = [
        "Monthly payroll run", "Customer onboarding", "Order to cash", "Procure to pay", "Month-end close",
        "Quarterly reporting", "Claims handling", "Customer support", "Returns processing", "Fraud review",
        "Credit approval", "Supplier onboarding", "Employee onboarding", "Expense reimbursement", "Tax filing",
        "Inventory replenishment", "Price update", "Marketing campaign", "Loyalty rewards", "Account opening",
        "Card issuing", "Payment settlement", "Dispute resolution", "Regulatory reporting", "Audit preparation",
        "Contract renewal", "Subscription billing", "Warehouse dispatch", "Last-mile delivery", "Product launch",
        "Data retention review", "Access recertification", "Incident response", "Disaster recovery test",
        "Newsletter send-out", "Partner settlement", "Budget planning", "Sales forecasting", "KYC refresh",
        "Churn prevention",
    ]

    static let dataNouns = ["customers", "ledger", "audit-log", "orders", "invoices", "sessions", "events",
                            "documents", "metrics", "archive"]

    /// (display name, ASCII form for e-mail addresses)
    static let firstNames: [(String, String)] = [
        ("Alice", "alice"), ("Bruno", "bruno"), ("Chloé", "chloe"), ("David", "david"), ("Elena", "elena"),
        ("Farid", "farid"), ("Greta", "greta"), ("Hiroshi", "hiroshi"), ("Ines", "ines"), ("Jonas", "jonas"),
        ("Karin", "karin"), ("Luca", "luca"), ("Maya", "maya"), ("Nils", "nils"), ("Olga", "olga"),
        ("Pablo", "pablo"), ("Quentin", "quentin"), ("Rosa", "rosa"), ("Sven", "sven"), ("Tara", "tara"),
        ("Umar", "umar"), ("Vera", "vera"), ("Wei", "wei"), ("Ximena", "ximena"), ("Yusuf", "yusuf"),
        ("Zoë", "zoe"), ("Amit", "amit"), ("Beatriz", "beatriz"), ("Carlos", "carlos"), ("Dana", "dana"),
        ("Emil", "emil"), ("Fatima", "fatima"), ("Gabriel", "gabriel"), ("Hana", "hana"), ("Ivan", "ivan"),
        ("Julia", "julia"), ("Kenji", "kenji"), ("Leila", "leila"), ("Marco", "marco"), ("Nadia", "nadia"),
        ("Oscar", "oscar"), ("Priya", "priya"), ("Rafael", "rafael"), ("Sofia", "sofia"), ("Tomás", "tomas"),
        ("Ulla", "ulla"), ("Viktor", "viktor"), ("Wanda", "wanda"), ("Yara", "yara"), ("Zainab", "zainab"),
        ("Anders", "anders"), ("Bianca", "bianca"), ("Chen", "chen"), ("Diego", "diego"), ("Eva", "eva"),
        ("Felix", "felix"), ("Grace", "grace"), ("Henrik", "henrik"), ("Isabel", "isabel"), ("James", "james"),
    ]

    static let lastNames: [(String, String)] = [
        ("Martin", "martin"), ("Schmidt", "schmidt"), ("Nakamura", "nakamura"), ("García", "garcia"),
        ("Rossi", "rossi"), ("Johansson", "johansson"), ("Dubois", "dubois"), ("Kowalski", "kowalski"),
        ("Müller", "mueller"), ("Patel", "patel"), ("Kim", "kim"), ("Silva", "silva"), ("Novak", "novak"),
        ("O'Brien", "obrien"), ("Nguyen", "nguyen"), ("Jensen", "jensen"), ("Costa", "costa"), ("Ivanova", "ivanova"),
        ("Haddad", "haddad"), ("Fischer", "fischer"), ("Tanaka", "tanaka"), ("Moreau", "moreau"), ("Bauer", "bauer"),
        ("Lindqvist", "lindqvist"), ("Russo", "russo"), ("Santos", "santos"), ("Wong", "wong"), ("Singh", "singh"),
        ("Andersen", "andersen"), ("Virtanen", "virtanen"), ("Horvat", "horvat"), ("Papadopoulos", "papadopoulos"),
        ("Keller", "keller"), ("Lefèvre", "lefevre"), ("Mendes", "mendes"), ("Okafor", "okafor"), ("Park", "park"),
        ("Quinn", "quinn"), ("Reyes", "reyes"), ("Sato", "sato"), ("Thompson", "thompson"), ("Ueda", "ueda"),
        ("Varga", "varga"), ("Weber", "weber"), ("Yilmaz", "yilmaz"), ("Zhang", "zhang"), ("Berg", "berg"),
        ("Clarke", "clarke"), ("Dimitrov", "dimitrov"), ("Eriksen", "eriksen"), ("Fontaine", "fontaine"),
        ("Gruber", "gruber"), ("Hoffmann", "hoffmann"), ("Ito", "ito"), ("Jovanović", "jovanovic"),
        ("Larsen", "larsen"), ("Meyer", "meyer"), ("Nielsen", "nielsen"), ("Olsen", "olsen"), ("Petrov", "petrov"),
    ]

    static let teamAreas = [
        "Payments", "Identity", "Data", "Retail", "Logistics", "Finance", "People", "Search", "Messaging",
        "Storage", "Network", "Compute", "Observability", "Security", "Mobile", "Web", "Billing", "Risk",
        "Marketing", "Support", "Analytics", "Platform", "Databases", "Integration", "Media", "Catalog",
        "Checkout", "Loyalty", "Compliance", "Infrastructure",
    ]

    static let teamFunctions = ["SRE", "DBA", "Operations", "Engineering", "On-call", "Service Desk", "Architecture", "Release"]

    static let roleNames = ["Data owner", "Downtime coordinator", "Communications manager", "Technical contact",
                            "Business owner", "On-call engineer"]
}

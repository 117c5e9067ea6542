/// A small inventory in the documented CSV formats, one file per kind, in import order.
enum InventoryFixture {
    static let files: [(kind: String, csv: String)] = [
        ("regions", "name,parent,description\r\neurope,,All of Europe\r\neu-west,europe,\"Paris, Dublin\"\r\nus-east,,\r\n"),
        ("clusters", "name,region,description\r\ndb-east,eu-west,Postgres pair\r\nweb-eu,eu-west,\r\n"),
        ("servers", "name,region,cluster,environment,description\r\ndb-12,eu-west,db-east,PROD,primary\r\ndb-13,,db-east,PROD,\r\nweb-1,,web-eu,PROD,\r\nlone-1,us-east,,DEV,\"says \"\"hi\"\"\"\r\n"),
        ("services", "name,environment,tier,description\r\npg-3,PROD,1,Postgres\r\npayroll,PROD,2,Payroll API\r\nportal,PROD,3,\r\n"),
        ("placements", "service,server,cluster,min_healthy\r\npg-3,,db-east,1\r\nportal,web-1,,1\r\npayroll,lone-1,,1\r\n"),
        ("dependencies", "service,depends_on,kind\r\npayroll,pg-3,hard\r\nportal,payroll,soft\r\n"),
        ("processes", "name,description,services\r\nMonth-end payroll,Runs on the 28th,payroll;pg-3\r\n"),
        ("datasets", "name,classification,service,server,description\r\nsalaries,restricted,pg-3,,\r\nweb logs,internal,,web-1,\r\n"),
        ("teams", "name,email\r\nDBA,dba@example.com\r\n"),
        ("people", "name,email,phone,time_zone,teams\r\nAna Lima,ana@example.com,+351 21 000 0000,Europe/Lisbon,DBA\r\n山田太郎,taro@example.jp,,Asia/Tokyo,\r\n"),
        ("assignments", "contact,role,priority,region,cluster,server,service,process,dataset\r\nana@example.com,data owner,primary,,,,,,salaries\r\nDBA,technical contact,primary,,db-east,,,,\r\ntaro@example.jp,downtime coordinator,secondary,europe,,,,,\r\n"),
    ]
}

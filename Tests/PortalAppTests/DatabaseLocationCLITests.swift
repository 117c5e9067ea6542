import ForewarnTestSupport
import Foundation
import Testing

/// `--db` and `FOREWARN_DATABASE_URL`: a path or file: URL is SQLite, postgres:// is PostgreSQL, anything else is refused.
@Suite("forewarn --db locations")
struct DatabaseLocationCLITests {
    @Test(arguments: ["mysql://root@127.0.0.1/forewarn", "https://example.org/db", "sqlite:///tmp/x.sqlite"])
    func anUnknownSchemeIsRefusedInOneLineAndCreatesNothing(value: String) throws {
        let folder = temporaryDirectory()
        let result = try runForewarn(["migrate", "--db", value], directory: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("forewarn: cannot use database \(value): unsupported scheme"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing is created for a refused --db")
    }

    @Test func theEnvironmentVariableIsCheckedLikeTheFlag() throws {
        let folder = temporaryDirectory()
        let refused = try runForewarn(["migrate"], environment: ["FOREWARN_DATABASE_URL": "redis://127.0.0.1:6379/0"], directory: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("unsupported scheme \"redis:\""), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        let accepted = try runForewarn(["migrate"], environment: ["FOREWARN_DATABASE_URL": "file://" + folder + "/from-env.sqlite"], directory: folder)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/from-env.sqlite"))
    }

    @Test func aFileURLAndAPathWithAColonAreSQLiteFiles() throws {
        let folder = temporaryDirectory()
        let url = try runForewarn(["migrate", "--db", "file://" + folder + "/by%20url.sqlite"], directory: folder)
        #expect(url.status == 0, "\(url.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/by url.sqlite"))
        let colon = try runForewarn(["migrate", "--db", "backup:2027.sqlite"], directory: folder)
        #expect(colon.status == 0, "\(colon.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/backup:2027.sqlite"))
    }

    @Test func anUnreachablePostgresIsOneLineAndNoFolder() throws {
        let folder = temporaryDirectory()
        // Port 1 on loopback: nothing listens there.
        let result = try runForewarn(["migrate", "--db", "postgres://forewarn:secret@127.0.0.1:1/forewarn"], directory: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("forewarn: cannot use database postgres://forewarn:***@127.0.0.1:1/forewarn: cannot connect to PostgreSQL"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret"), "the password is not printed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "no folder named postgres:")
    }

    @Test(.enabled(if: testPostgresURL != nil)) func migrateRunsOnPostgres() throws {
        let url = try freshPostgresSchema(in: testPostgresURL!)
        let first = try runForewarn(["migrate", "--db", url])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("migrated"))
        // With a password in the URL, the message shows *** in its place.
        let secret = url.replacingOccurrences(of: "postgres://forewarn@", with: "postgres://forewarn:Sekrit-pw@")
        let shown = try runForewarn(["migrate", "--db", secret])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("forewarn:***@") && !shown.stdout.contains("Sekrit-pw"), "\(shown.stdout)")
        let second = try runForewarn(["migrate"], environment: ["FOREWARN_DATABASE_URL": url])
        #expect(second.stdout.contains("up to date"), "\(second.stdout) \(second.stderr)")
    }
}

import ArgumentParser
import SmartDeskCLI

@main
enum SmartDeskMain {
    static func main() async {
        await SmartDeskCommand.main(nil)
    }
}

// The fixture-check executable: everything it does is in FixtureCheckCommands.
import FixtureCheckCommands

FixtureCheck.main()

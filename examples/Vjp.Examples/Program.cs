using Spectre.Console;
using Vjp.Examples.Runner;

return ExampleRunner.Run(args, AnsiConsole.Console);

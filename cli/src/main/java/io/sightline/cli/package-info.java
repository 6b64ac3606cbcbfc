/**
 * The {@code sightline} command: picocli commands ({@link io.sightline.cli.Sightline} and its subcommands) over a
 * small client of the three services' REST APIs ({@link io.sightline.cli.ServiceClient}), configuration resolution
 * ({@link io.sightline.cli.CliConfig}: flags, environment, {@code ~/.sightline/cli.properties}, defaults), and the
 * terminal output (tables, progress on standard error, {@code --output json}). No framework: a command line tool
 * must start in a fraction of a second.
 */
package io.sightline.cli;

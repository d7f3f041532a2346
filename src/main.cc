#include "cli/main_command.h"

int main(int argc, char** argv) { return confide::cli::Main(argc, argv); }

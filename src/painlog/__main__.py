from painlog.cli import main

main()

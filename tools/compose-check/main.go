// compose-check validates docker-compose.yml the way Docker Compose itself loads it (compose-go, the
// library docker compose is built on), without a Docker engine, and checks the rules this project holds
// its compose file to. Usage: go run . ../../docker-compose.yml
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func load(file string, env []string) (*types.Project, error) {
	options, err := cli.NewProjectOptions([]string{file}, cli.WithEnv(env), cli.WithName("ctg"), cli.WithWorkingDirectory(filepath.Dir(file)))
	if err != nil {
		return nil, err
	}
	return options.LoadProject(context.Background())
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check docker-compose.yml")
		os.Exit(2)
	}
	file, _ := filepath.Abs(os.Args[1])
	var problems []string

	// Without LINK_SECRET the file must refuse to load: partners' links never derive from a default.
	if _, err := load(file, []string{}); err == nil || !strings.Contains(err.Error(), "LINK_SECRET") {
		problems = append(problems, fmt.Sprintf("LINK_SECRET must be required (${LINK_SECRET:?…}), got: %v", err))
	}
	project, err := load(file, []string{"LINK_SECRET=0123456789abcdef0123456789abcdef"})
	if err != nil {
		fmt.Fprintf(os.Stderr, "docker-compose.yml does not load: %v\n", err)
		os.Exit(1)
	}
	for _, name := range []string{"api", "worker", "postgres", "temporal"} {
		if _, err := project.GetService(name); err != nil {
			problems = append(problems, fmt.Sprintf("service %q missing", name))
		}
	}
	for _, service := range project.Services {
		for _, port := range service.Ports {
			// Only the API is for people; tools (Temporal UI, Mailpit…) answer this machine only.
			if service.Name != "api" && port.HostIP != "127.0.0.1" {
				problems = append(problems, fmt.Sprintf("service %q publishes port %s on %q, not 127.0.0.1", service.Name, port.Published, port.HostIP))
			}
		}
	}
	for _, name := range []string{"api", "worker"} {
		service, err := project.GetService(name)
		if err != nil {
			continue
		}
		if service.HealthCheck == nil || service.HealthCheck.Disable || len(service.HealthCheck.Test) == 0 {
			problems = append(problems, fmt.Sprintf("service %q has no health check", name))
		}
		if service.Environment["LINK_SECRET"] == nil {
			problems = append(problems, fmt.Sprintf("service %q does not receive LINK_SECRET", name))
		}
	}
	if len(problems) > 0 {
		for _, problem := range problems {
			fmt.Fprintln(os.Stderr, problem)
		}
		os.Exit(1)
	}
	fmt.Printf("docker-compose.yml: %d services, valid\n", len(project.Services))
}

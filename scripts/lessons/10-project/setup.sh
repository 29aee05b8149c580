#!/usr/bin/env bash
# Lesson 10 setup: an empty workspace; the learner makes the project in it.

lesson_data() { :; }

lesson_setup() { :; }

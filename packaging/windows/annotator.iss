; Inno Setup script for annotator on Windows (Inno Setup 6: https://jrsoftware.org/isinfo.php).
; Build the bundle first, on Windows:   py packaging\build.py
; then:                                  iscc /DAppVersion=0.1.0 packaging\windows\annotator.iss
; Output: dist\annotator-<version>-setup.exe (per-user install by default, no admin rights needed).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "annotator"
#define BundleDir "..\..\dist\annotator"

[Setup]
AppId={{6E2B8C54-3F1D-4C7A-9A44-2D6F3B1E8A17}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=annotator developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=annotator-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\annotator.ico
UninstallDisplayIcon={app}\annotator.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "assoc"; Description: "Open .annotator project files with annotator"; GroupDescription: "File types:"

[Files]
; The whole PyInstaller one-folder bundle (annotator.exe + _internal\).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\annotator.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\annotator.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.annotator"; ValueType: string; ValueName: ""; ValueData: "annotator.project"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\annotator.project"; ValueType: string; ValueName: ""; ValueData: "annotator project"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\annotator.project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\annotator.exe,0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\annotator.project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\annotator.exe"" open ""%1"""; Tasks: assoc

[Run]
Filename: "{app}\annotator.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
